using Platform.Insights.Analytics.Catalog;
using Platform.Insights.Analytics.Cost;
using Platform.Insights.Reports.Model;

namespace Platform.Insights.Reports.Building;

/// <summary>
/// The services behind the cost changes: effective cost per service (<see cref="CostQuery"/>, allocated as everywhere
/// else) in the period and the previous one, compared per day — months differ in length — and scaled to the period, as
/// the team movers are. The ten largest changes, each with its team from the catalog, and highlights for the biggest
/// increases.
/// </summary>
public sealed class ServiceCostMovers(CostQuery costs, CatalogStore catalog)
{
    public const string TableId = "top-cost-movers-by-service";

    /// <summary>The service of spend that nothing allocates (<c>allocated_costs.sql</c>).</summary>
    public const string Unallocated = "unallocated";

    public async Task<(ReportTable Table, IReadOnlyList<Highlight> Highlights)> BuildAsync(ReportPeriod period, ReportPeriod previous, string? team, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(previous);
        var now = await costs.ByAsync(CostDimension.Service, period.From, period.To, team, cancellationToken);
        var before = (await costs.ByAsync(CostDimension.Service, previous.From, previous.To, team, cancellationToken))
            .ToDictionary(r => (r.Group, r.Currency));
        // Services that stopped costing anything are movers too: they appear with zero spend now.
        var gone = before.Values.Where(b => !now.Any(r => r.Group == b.Group && r.Currency == b.Currency)).Select(b => b with { BilledCost = 0, EffectiveCost = 0, Rows = 0, Share = null });
        var movers = now.Concat(gone).Select(r => (Row: r, Prior: before.GetValueOrDefault((r.Group, r.Currency))))
            .Select(m => (m.Row, m.Prior, Delta: m.Row.EffectiveCost - ((m.Prior?.EffectiveCost ?? 0m) / previous.Days * period.Days)))
            .Where(m => m.Delta != 0)
            .OrderByDescending(m => Math.Abs(m.Delta)).ThenBy(m => m.Row.Group, StringComparer.Ordinal).Take(10).ToList();
        var teams = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var m in movers)
        {
            teams[m.Row.Group] = await catalog.TeamOfAsync(m.Row.Group, cancellationToken);
        }
        var table = new ReportTable(TableId, "Top cost movers by service vs the previous period",
            ["service", "team", "currency", "change over the period", "change per day", "spend", "previous spend"],
            [.. movers.Select(m => (IReadOnlyList<string>)[m.Row.Group, teams[m.Row.Group] ?? "not in the catalog", m.Row.Currency,
                ReportFormat.SignedMoney(m.Delta, m.Row.Currency), ReportFormat.Change(Change(m.Row, m.Prior, period, previous)),
                ReportFormat.Money(m.Row.EffectiveCost, m.Row.Currency), m.Prior is null ? "none" : ReportFormat.Money(m.Prior.EffectiveCost, m.Prior.Currency)])],
            now.Count == 0 ? "no billing data for the period" : null);
        var highlights = movers.Where(m => m.Delta > 0).Take(3).Select(m => new Highlight(
            $"{Who(m.Row.Group, teams[m.Row.Group])} cost {ReportFormat.SignedMoney(m.Delta, m.Row.Currency)} more than in {previous.Name}" +
            (m.Prior is null ? " (it had no spend then)." : $" ({ReportFormat.Change(Change(m.Row, m.Prior, period, previous))} per day)."),
            (double)m.Delta, $"table {TableId}, row {m.Row.Group}")).ToList();
        return (table, highlights);
    }

    /// <summary>How a highlight names a service: with its team, or saying it is spend no service owns.</summary>
    private static string Who(string service, string? team) => team is not null ? $"Service {service} (team {team})"
        : service == Unallocated ? "Spend allocated to no service" : $"Service {service} (not in the catalog)";

    private static double? Change(CostRow now, CostRow? before, ReportPeriod period, ReportPeriod previous) =>
        before is null || before.EffectiveCost == 0 ? null : (double)(now.EffectiveCost / period.Days / (before.EffectiveCost / previous.Days)) - 1;
}
