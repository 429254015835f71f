namespace Platform.Insights.Dashboards.Model;

/// <summary>
/// An annotation query. The Prometheus form marks every point <see cref="Expr"/> returns, and Grafana joins points one
/// <see cref="Step"/> apart into a region — so <c>gauge &gt; 0</c> draws each period the gauge was positive.
/// </summary>
public sealed class Annotation
{
    public required string Name { get; init; }

    public required DataSourceRef Datasource { get; init; }

    public bool Enable { get; init; } = true;

    public bool Hide { get; init; }

    public string IconColor { get; init; } = "red";

    /// <summary>1 for Grafana's built-in "Annotations &amp; Alerts" entry.</summary>
    public int? BuiltIn { get; init; }

    public string? Type { get; init; }

    public string? Expr { get; init; }

    public string? Step { get; init; }

    public string? TitleFormat { get; init; }

    public string? TextFormat { get; init; }

    public string? TagKeys { get; init; }

    public bool? UseValueForTime { get; init; }

    public static Annotation AnnotationsAndAlerts { get; } = new()
    {
        Name = "Annotations & Alerts",
        Datasource = DataSourceRef.Grafana,
        BuiltIn = 1,
        Hide = true,
        IconColor = "rgba(0, 211, 255, 1)",
        Type = "dashboard",
    };
}
