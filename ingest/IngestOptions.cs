using System.ComponentModel.DataAnnotations;

namespace Platform.Insights.Ingest;

/// <summary>Ingest settings (section <c>Insights:Ingest</c>).</summary>
public sealed class IngestOptions
{
    public const string Section = "Insights:Ingest";

    /// <summary>Label names that name a series' service, tried in order.</summary>
    [MinLength(1)]
    public string[] ServiceLabels { get; set; } = ["service", "app", "job"];
}
