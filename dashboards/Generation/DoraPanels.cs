using Platform.Insights.Dashboards.Model;

namespace Platform.Insights.Dashboards.Generation;

/// <summary>The DORA four keys for one scope: the bands as words and colours, then each key's value with its history.</summary>
public static class DoraPanels
{
    /// <param name="scope">The label matchers of the scope, e.g. <c>scope="team",team="$team"</c>.</param>
    public static Panel[] Build(string scope) =>
    [
        Panels.Stat("DORA bands", new($"insights_dora_band{{{scope},window=\"$dora_window\"}}", "{{key}}"), "none", SeedTargets.DoraBandThresholds,
            w: 8, mappings: [SeedTargets.DoraBands], description: "DORA performance band per key: Elite, High, Medium, Low."),
        Panels.Stat("Deployments per day", new($"insights_dora_deployment_frequency{{{scope},window=\"$dora_window\"}}", "deployments / day"), "none",
            Thresholds.Neutral(), decimals: 2),
        Panels.Stat("Lead time for changes", new($"insights_dora_lead_time_seconds{{{scope},window=\"$dora_window\"}}", "lead time"), "s", Thresholds.Neutral()),
        Panels.Stat("Change failure rate", new($"insights_dora_change_failure_ratio{{{scope},window=\"$dora_window\"}}", "change failure"), "percentunit",
            Thresholds.Below(0.15, atOrAbove: "orange"), decimals: 1),
        Panels.Stat("Failed deployment recovery", new($"insights_dora_recovery_seconds{{{scope},window=\"$dora_window\"}}", "recovery"), "s",
            Thresholds.Below(3600, atOrAbove: "orange")),
    ];
}
