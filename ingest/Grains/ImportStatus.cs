namespace Platform.Insights.Ingest.Grains;

/// <summary>The states of an import in the ledger.</summary>
public static class ImportStatus
{
    public const string Running = "running";

    /// <summary>Billing rows are staged; they become visible when the delivery they belong to commits.</summary>
    public const string Staged = "staged";

    public const string Done = "done";
    public const string Failed = "failed";
}
