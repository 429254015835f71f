namespace Platform.Insights.Ingest.Records;

/// <summary>
/// Why a record was not stored, as the <c>reason</c> label of <c>insights_ingest_dropped_total</c> and the per-reason
/// counts of an import's closing line.
/// </summary>
public static class DropReasons
{
    /// <summary>Anything else that makes a line unreadable (bad JSON, a field of the wrong type).</summary>
    public const string Invalid = "invalid";

    public const string MissingTimestamp = "missing_timestamp";

    /// <summary>@timestamp, event.start or event.end that is not an RFC 3339 time or epoch milliseconds.</summary>
    public const string BadTimestamp = "bad_timestamp";

    /// <summary>An event.outcome outside ECS's success / failure / unknown.</summary>
    public const string UnknownOutcome = "unknown_outcome";

    /// <summary>event.end before event.start (an incident that ends before it starts).</summary>
    public const string EndsBeforeStart = "ends_before_start";

    /// <summary>A deployment of a service the loaded catalog does not have.</summary>
    public const string ServiceNotInCatalog = "service_not_in_catalog";

    /// <summary>A timestamp further ahead of this host's clock than <c>Insights:Ingest:MaxFutureSkew</c> (a skewed clock).</summary>
    public const string TooFarInFuture = "too_far_in_future";

    /// <summary>An event pushed with a team-bound ingest token for a service the catalog does not give that team.</summary>
    public const string ServiceNotOfTeam = "service_not_of_team";

    public const string Duplicate = "duplicate";
}
