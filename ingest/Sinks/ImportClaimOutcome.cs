namespace Platform.Insights.Ingest.Sinks;

/// <summary>What claiming a file content for import found: this caller imports it, it is imported already, or another process is importing it now.</summary>
public enum ImportClaimOutcome
{
    Claimed,
    AlreadyImported,
    Busy,
}
