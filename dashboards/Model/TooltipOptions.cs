namespace Platform.Insights.Dashboards.Model;

/// <summary>A time series tooltip: <c>single</c> or <c>multi</c> series, sorted.</summary>
public sealed record TooltipOptions(string Mode, string Sort)
{
    public static TooltipOptions All { get; } = new("multi", "desc");
}
