namespace Platform.Insights.Ingest;

/// <summary>Ingest settings (section <c>Insights:Ingest</c>).</summary>
public sealed class IngestOptions
{
    public const string Section = "Insights:Ingest";

    public static readonly IReadOnlyList<string> DefaultServiceLabels = ["service", "app", "job"];

    /// <summary>
    /// Label names that name a series' service, tried in order. Null = <see cref="DefaultServiceLabels"/>: the
    /// configuration binder appends to an array it finds filled, so the default lives outside the property.
    /// </summary>
    public string[]? ServiceLabels { get; set; }

    /// <summary>The labels in effect: the configured ones, else the defaults.</summary>
    public IReadOnlyList<string> Labels => ServiceLabels ?? DefaultServiceLabels;
}
