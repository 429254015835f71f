using System.Text.Json.Serialization;

namespace Platform.Insights.Dashboards.Model;

/// <summary>
/// A Grafana dashboard as its JSON model (schema v1, the one <c>/api/dashboards/db</c> and file provisioning take).
/// Only the fields the generated dashboards use are modelled; unset ones are left out of the JSON.
/// </summary>
public sealed class Dashboard
{
    /// <summary>Grafana 12's dashboard schema version (Grafana 11.x reads it as is: versions 40–41 only renamed fields we never write).</summary>
    public const int CurrentSchemaVersion = 41;

    /// <summary>Always null: Grafana assigns the numeric id per instance; the <see cref="Uid"/> is what carries across.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public int? Id { get; init; }

    public required string Uid { get; init; }

    public required string Title { get; init; }

    public string? Description { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    public string Timezone { get; init; } = "browser";

    public bool Editable { get; init; } = true;

    /// <summary>1 = shared crosshair across panels.</summary>
    public int GraphTooltip { get; init; } = 1;

    public TimeRange Time { get; init; } = new("now-30d", "now");

    public string Refresh { get; init; } = "5m";

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    public IReadOnlyList<DashboardLink> Links { get; init; } = [];

    public GrafanaList<Annotation> Annotations { get; init; } = new([Annotation.AnnotationsAndAlerts]);

    public GrafanaList<Variable> Templating { get; init; } = new([]);

    public IReadOnlyList<Panel> Panels { get; init; } = [];
}
