namespace Platform.Insights.Host.Server;

/// <summary>What a token may do.</summary>
public static class ApiScopes
{
    public const string Read = "read";
    public const string Ingest = "ingest";
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [Read, Ingest, Admin];
}
