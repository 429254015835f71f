namespace Platform.Insights.Dashboards.Model;

/// <summary>The options of the transformations the dashboards use (<c>organize</c>'s maps; <c>merge</c> takes none).</summary>
public sealed class TransformationOptions
{
    public IReadOnlyDictionary<string, bool>? ExcludeByName { get; init; }

    public IReadOnlyDictionary<string, string>? RenameByName { get; init; }

    public IReadOnlyDictionary<string, int>? IndexByName { get; init; }

    public static TransformationOptions None { get; } = new();
}
