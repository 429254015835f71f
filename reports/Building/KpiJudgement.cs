using Platform.Insights.Reports.Model;

namespace Platform.Insights.Reports.Building;

/// <summary>
/// On-track / at-risk / off-track for a value against its target. At risk means "short of the target but within the
/// margin" — the direction leadership needs to look at before it becomes off-track.
/// </summary>
public static class KpiJudgement
{
    /// <summary>Higher is better (availability, shares): at risk down to <paramref name="margin"/> below the target.</summary>
    public static KpiStatus AtLeast(double? value, double target, double margin) => value switch
    {
        null => KpiStatus.Missing,
        var v when v >= target => KpiStatus.OnTrack,
        var v when v >= target - margin => KpiStatus.AtRisk,
        _ => KpiStatus.OffTrack,
    };

    /// <summary>Lower is better (cost change, incident counts): at risk up to <paramref name="margin"/> above the target.</summary>
    public static KpiStatus AtMost(double? value, double target, double margin) => value switch
    {
        null => KpiStatus.Missing,
        var v when v <= target => KpiStatus.OnTrack,
        var v when v <= target + margin => KpiStatus.AtRisk,
        _ => KpiStatus.OffTrack,
    };
}
