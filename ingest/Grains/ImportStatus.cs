namespace Platform.Insights.Ingest.Grains;

/// <summary>The states of an import in the ledger.</summary>
public static class ImportStatus
{
    public const string Running = "running";
    public const string Done = "done";
    public const string Failed = "failed";
}
