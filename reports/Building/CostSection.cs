using Microsoft.Extensions.Options;
using Platform.Insights.Analytics.Cost;
using Platform.Insights.Reports.Model;

namespace Platform.Insights.Reports.Building;

/// <summary>
/// The cost part of a report, from the cost KPI queries over exactly the report's period and the previous one:
/// spend and its change vs the previous period and vs the baseline (the seed's −25 % target) from
/// <see cref="CostChangeQuery"/>, the cost trend by team (<see cref="CostTrendQuery"/>), budgets
/// (<see cref="BudgetQuery"/>, as of the last day with billing data), anomalies (<see cref="CostAnomalyQuery"/>) and the
/// services behind the changes (<see cref="ServiceCostMovers"/>).
/// Effective (amortized) cost throughout, per currency — never summed across currencies.
/// </summary>
public sealed class CostSection(CostChangeQuery change, CostTrendQuery trend, BudgetQuery budgets, CostAnomalyQuery anomalies, ServiceCostMovers serviceMovers,
    IOptions<CostKpiOptions> options)
{
    public const string SpendKpi = "Spend";
    public const string BaselineKpi = "Cost change vs baseline";
    public const string BudgetsKpi = "Budgets at risk or over";
    public const double BaselineTarget = -0.25;

    public async Task<ReportSection> BuildAsync(ReportKind kind, ReportPeriod period, ReportPeriod previous, string? team, IReadOnlyList<CostBudget>? budgetList, CancellationToken cancellationToken)
    {
        var now = await change.CompareAsync(period.From, period.To, CostBasis.Effective, team, cancellationToken);
        var before = await change.CompareAsync(previous.From, previous.To, CostBasis.Effective, team, cancellationToken);
        var total = team ?? CostTrendQuery.AllGroup;
        var totals = now.Where(r => r.Team == total).OrderByDescending(r => r.Cost).ToList();
        var scorecard = new List<ScorecardRow>();
        var notes = new List<string>();
        var baselineSet = options.Value.Baseline.IsSet;
        if (totals.Count == 0)
        {
            const string noBilling = "no billing data for the period";
            scorecard.Add(new ScorecardRow(SpendKpi, KpiUnit.Money, null, null, null, KpiStatus.Missing, noBilling));
            scorecard.Add(new ScorecardRow(BaselineKpi, KpiUnit.Change, null, BaselineTarget, null, KpiStatus.Missing, noBilling));
        }
        foreach (var row in totals)
        {
            var prior = before.FirstOrDefault(r => r.Team == total && r.Currency == row.Currency);
            scorecard.Add(new ScorecardRow($"{SpendKpi} ({row.Currency})", KpiUnit.Money, (double)row.Cost, null, prior is null ? null : (double)prior.Cost,
                KpiJudgement.AtMost(row.ChangeVsPrevious, 0, 0.10), null, row.Currency));
            var missing = !baselineSet ? "no cost baseline configured (Insights:Cost:Baseline)"
                : row.ChangeVsBaseline is null ? "no billing data in the baseline period" : null;
            scorecard.Add(new ScorecardRow($"{BaselineKpi} ({row.Currency})", KpiUnit.Change, row.ChangeVsBaseline, BaselineTarget, prior?.ChangeVsBaseline,
                KpiJudgement.AtMost(row.ChangeVsBaseline, BaselineTarget, -BaselineTarget), missing, row.Currency));
        }
        if (totals.Count > 1)
        {
            notes.Add($"Spend is in {totals.Count} currencies; each is shown on its own, never summed.");
        }

        var teamRows = now.Where(r => r.Team != CostTrendQuery.AllGroup).ToList();
        var byTeam = new ReportTable("cost-by-team", "Spend per team (effective cost)",
            ["team", "currency", "spend", "per day", "previous per day", "change vs previous", "change vs baseline"],
            [.. teamRows.OrderByDescending(r => r.Cost).Select(r => (IReadOnlyList<string>)[r.Team, r.Currency, ReportFormat.Money(r.Cost, r.Currency),
                ReportFormat.Money(r.DailyCost, r.Currency), ReportFormat.Money(r.PreviousDailyCost, r.Currency), ReportFormat.Change(r.ChangeVsPrevious),
                baselineSet ? ReportFormat.Change(r.ChangeVsBaseline) : "missing: no baseline configured"])],
            teamRows.Count == 0 ? "no billing data for the period" : null);
        var movers = teamRows.Where(r => r.PreviousDailyCost is not null)
            .Select(r => (Row: r, Delta: (r.DailyCost - r.PreviousDailyCost!.Value) * period.Days))
            .OrderByDescending(m => Math.Abs(m.Delta)).Take(10).ToList();
        var moverTable = new ReportTable("top-cost-movers", "Top cost movers vs the previous period",
            ["team", "currency", "change over the period", "change vs previous", "spend"],
            [.. movers.Select(m => (IReadOnlyList<string>)[m.Row.Team, m.Row.Currency, ReportFormat.SignedMoney(m.Delta, m.Row.Currency),
                ReportFormat.Change(m.Row.ChangeVsPrevious), ReportFormat.Money(m.Row.Cost, m.Row.Currency)])],
            movers.Count == 0 ? "no billing data in both periods" : null);

        var (serviceTable, serviceHighlights) = await serviceMovers.BuildAsync(period, previous, team, cancellationToken);
        var found = await anomalies.DetectAsync(period.From, period.To, CostBasis.Effective, team, cancellationToken);
        var anomalyTable = new ReportTable("anomalies", "Cost anomalies",
            ["day", "service", "severity", "actual", "expected", "impact"],
            [.. found.Select(a => (IReadOnlyList<string>)[a.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), a.Service,
                a.Severity.ToString().ToLowerInvariant(), ReportFormat.Money(a.Actual, a.Currency), ReportFormat.Money(a.Expected, a.Currency), ReportFormat.SignedMoney(a.Impact, a.Currency)])],
            found.Count == 0 ? (totals.Count == 0 ? "no billing data for the period" : null) : null);

        var assessed = budgetList is null ? await budgets.AssessAsync(team, cancellationToken) : await budgets.AssessAsync(budgetList, team, cancellationToken);
        var atRisk = assessed.Where(b => b.Status != BudgetStatus.OnTrack).ToList();
        var budgetTable = new ReportTable("budgets", "Budgets this month",
            ["budget", "as of", "amount", "month to date", "forecast", "forecast share", "status", "overrun date"],
            [.. assessed.OrderByDescending(b => b.ForecastShare).Select(b => (IReadOnlyList<string>)[$"{b.Scope} {b.Name}", b.AsOf?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "",
                ReportFormat.Money(b.Amount, b.Currency), ReportFormat.Money(b.MonthToDate, b.Currency), ReportFormat.Money(b.Forecast, b.Currency),
                ReportFormat.Percent(b.ForecastShare, 0), BudgetAssessment.NameOf(b.Status), b.OverrunDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? ""])],
            assessed.Count == 0 ? "no budgets configured (Insights:Cost:Budgets)" : null);
        scorecard.Add(new ScorecardRow(BudgetsKpi, KpiUnit.Count, assessed.Count == 0 ? null : atRisk.Count, 0, null,
            assessed.Count == 0 ? KpiStatus.Missing : atRisk.Any(b => b.Status == BudgetStatus.Over) ? KpiStatus.OffTrack : atRisk.Count > 0 ? KpiStatus.AtRisk : KpiStatus.OnTrack,
            assessed.Count == 0 ? "no budgets configured (Insights:Cost:Budgets)" : null));

        var highlights = new List<Highlight>();
        if (movers.Where(m => m.Delta > 0).Select(m => (Mover: m, Found: true)).FirstOrDefault() is { Found: true } up)
        {
            highlights.Add(new Highlight($"The biggest cost increase was team {up.Mover.Row.Team}: {ReportFormat.SignedMoney(up.Mover.Delta, up.Mover.Row.Currency)} over the period ({ReportFormat.Change(up.Mover.Row.ChangeVsPrevious)} vs the previous period).",
                (double)up.Mover.Delta, $"table top-cost-movers, row {up.Mover.Row.Team}"));
        }
        highlights.AddRange(serviceHighlights);
        foreach (var row in totals.Where(r => r.ChangeVsBaseline is not null))
        {
            var verdict = row.ChangeVsBaseline <= BaselineTarget ? "meets" : "misses";
            highlights.Add(new Highlight($"Daily spend ({row.Currency}) is {ReportFormat.Change(row.ChangeVsBaseline)} vs the baseline; this {verdict} the −25 % target.",
                row.ChangeVsBaseline!.Value, $"scorecard {BaselineKpi} ({row.Currency})"));
        }
        if (found.OrderByDescending(a => a.Impact).FirstOrDefault() is { } worst)
        {
            highlights.Add(new Highlight($"{found.Count} cost anomal{(found.Count == 1 ? "y" : "ies")}; the largest: {worst.Service} on {worst.Day:yyyy-MM-dd}, {ReportFormat.SignedMoney(worst.Impact, worst.Currency)} vs expected.",
                (double)worst.Impact, $"table anomalies, row {worst.Service} {worst.Day:yyyy-MM-dd}"));
        }
        foreach (var b in atRisk)
        {
            highlights.Add(new Highlight($"Budget of {b.Scope} {b.Name} is {BudgetAssessment.NameOf(b.Status)}: forecast {ReportFormat.Money(b.Forecast, b.Currency)} is {ReportFormat.Percent(b.ForecastShare, 0)} of {ReportFormat.Money(b.Amount, b.Currency)}.",
                b.ForecastShare, $"table budgets, row {b.Scope} {b.Name}"));
        }

        var charts = new List<ReportChart>
        {
            await CostCharts.TrendByTeamAsync(trend, kind, period, team, totals.FirstOrDefault()?.Currency, cancellationToken),
            await CostCharts.BurnDownAsync(trend, assessed, team, cancellationToken),
        };
        return new ReportSection(scorecard, highlights, [byTeam, moverTable, serviceTable, anomalyTable, budgetTable], charts, notes);
    }
}
