namespace Platform.Insights.Ingest.Sources;

/// <summary>How one pull of one query ended.</summary>
public enum PullOutcome
{
    /// <summary>Every request of the window answered and was stored.</summary>
    Pulled,

    /// <summary>Nothing new to ask for yet (the checkpoint is at the window's end).</summary>
    UpToDate,

    /// <summary>Prometheus refused the query (400 bad_data) before; it is not asked again until the configuration changes.</summary>
    SkippedBadQuery,

    /// <summary>Stopped at a failure; what was stored before it stays stored and checkpointed.</summary>
    Failed,
}
