using Platform.Insights.Dashboards.Model;

namespace Platform.Insights.Dashboards.Generation;

/// <summary>
/// The seed's KPI targets as Grafana thresholds and mappings (docs/METRICS.md; the targets table of the design):
/// 99.9 % availability, recovery under 5 minutes, 25 % cost reduction against the baseline, 95 % adoption, 90 % self-service, and the
/// DORA performance bands 4 elite … 1 low.
/// </summary>
public static class SeedTargets
{
    public const double Availability = 0.999;
    public const double RecoverySeconds = 300;
    public const double CostChange = -0.25;
    public const double Adoption = 0.95;
    public const double SelfService = 0.9;

    public static Thresholds AvailabilityThresholds { get; } =
        new([new ThresholdStep("red", null), new ThresholdStep("orange", 0.99), new ThresholdStep("green", Availability)]);

    public static Thresholds RecoveryThresholds { get; } = Thresholds.Below(RecoverySeconds);

    /// <summary>Green at or below −25 % (the target), orange for a smaller reduction, red when cost grew.</summary>
    public static Thresholds CostChangeThresholds { get; } =
        new([new ThresholdStep("green", null), new ThresholdStep("orange", CostChange + 1e-9), new ThresholdStep("red", 0)]);

    public static Thresholds AdoptionThresholds { get; } = Thresholds.AtLeast(Adoption);

    public static Thresholds SelfServiceThresholds { get; } = Thresholds.AtLeast(SelfService);

    /// <summary>Error budget left: red when overspent (below 0), orange under a quarter, green otherwise.</summary>
    public static Thresholds ErrorBudgetThresholds { get; } =
        new([new ThresholdStep("red", null), new ThresholdStep("orange", 0), new ThresholdStep("green", 0.25)]);

    /// <summary>Burn rates of the SRE workbook's alerts: 1× spends the budget exactly; 6× and 14.4× page.</summary>
    public static Thresholds BurnRateThresholds { get; } =
        new([new ThresholdStep("green", null), new ThresholdStep("yellow", 1), new ThresholdStep("orange", 6), new ThresholdStep("red", 14.4)]);

    /// <summary>Forecast ÷ budget: orange from 90 %, red over the budget.</summary>
    public static Thresholds BudgetRatioThresholds { get; } =
        new([new ThresholdStep("green", null), new ThresholdStep("orange", 0.9), new ThresholdStep("red", 1)]);

    /// <summary>DORA performance bands (DORA report, Apache DevLake): the gauge's value as the band's name and colour.</summary>
    public static ValueMapping DoraBands { get; } = new(new Dictionary<string, MappingResult>(StringComparer.Ordinal)
    {
        ["4"] = new("Elite", "dark-green", 0),
        ["3"] = new("High", "green", 1),
        ["2"] = new("Medium", "orange", 2),
        ["1"] = new("Low", "red", 3),
    });

    public static Thresholds DoraBandThresholds { get; } =
        new([new ThresholdStep("red", null), new ThresholdStep("orange", 2), new ThresholdStep("green", 3), new ThresholdStep("dark-green", 4)]);
}
