namespace Platform.Insights.Analytics.Store;

/// <summary>What this process is, as written into the data directory's owner file (e.g. "serve" at a URL, or a CLI verb).</summary>
public sealed record StoreRole(string Mode, string? Url = null)
{
    /// <summary>A one-shot <c>insights import …</c> process: its store serves nothing but the import's own writes.</summary>
    public bool IsImport => Mode.StartsWith("import ", StringComparison.Ordinal);

    /// <summary>A one-shot <c>insights demo</c> process (without <c>--serve</c>): it imports, then runs each report once.</summary>
    public bool IsDemo => Mode == "demo";
}
