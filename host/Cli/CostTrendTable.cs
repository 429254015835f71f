using Platform.Insights.Analytics.Cost;

namespace Platform.Insights.Host.Cli;

/// <summary>
/// The rows of <c>insights cost --every</c> (spend per period, billed and effective side by side) and
/// <c>insights cost --compare previous|baseline</c> (daily cost vs the reference period's daily cost).
/// </summary>
public static class CostTrendTable
{
    public static readonly string[] TrendColumns = ["period", "group", "currency", "billedCost", "effectiveCost", "rows"];

    public static readonly string[] PreviousColumns = ["team", "currency", "cost", "dailyCost", "previousDailyCost", "changeVsPrevious"];

    public static readonly string[] BaselineColumns = ["team", "currency", "cost", "dailyCost", "baselineDailyCost", "changeVsBaseline"];

    public static object?[] TrendCells(CostTrendRow row, OutputFormat format) =>
    [
        row.Period, row.Group, row.Currency, CostCells.Money(row.BilledCost, row.Currency, format),
        CostCells.Money(row.EffectiveCost, row.Currency, format), row.Rows,
    ];

    public static object?[] ChangeCells(CostChangeRow row, bool baseline, OutputFormat format) =>
    [
        row.Team, row.Currency, CostCells.Money(row.Cost, row.Currency, format), CostCells.Money(row.DailyCost, row.Currency, format),
        CostCells.Money(baseline ? row.BaselineDailyCost : row.PreviousDailyCost, row.Currency, format),
        CostCells.Change(baseline ? row.ChangeVsBaseline : row.ChangeVsPrevious, format),
    ];
}
