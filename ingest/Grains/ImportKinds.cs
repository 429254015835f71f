namespace Platform.Insights.Ingest.Grains;

/// <summary>The kinds of data a file import carries.</summary>
public static class ImportKinds
{
    public const string Metrics = "metrics";
    public const string Logs = "logs";
    public const string Billing = "billing";
}
