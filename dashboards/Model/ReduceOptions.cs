namespace Platform.Insights.Dashboards.Model;

/// <summary>
/// How stat, gauge and bar gauge panels reduce a series to one value: <see cref="Calcs"/> <c>lastNotNull</c> shows the
/// current value of each series (<see cref="Values"/> false).
/// </summary>
public sealed record ReduceOptions(IReadOnlyList<string> Calcs, bool Values = false, string Fields = "")
{
    public static ReduceOptions Last { get; } = new(["lastNotNull"]);
}
