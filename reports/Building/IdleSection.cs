using Microsoft.Extensions.DependencyInjection;
using Platform.Insights.Analytics.Idle;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Reports.History;
using Platform.Insights.Reports.Model;
using Platform.Insights.Reports.Rendering;

namespace Platform.Insights.Reports.Building;

/// <summary>
/// Idle resources from whatever <see cref="IIdleFindings"/> the host registered (none registered: the section says
/// idle detection is not configured, and the report still builds). Savings available = the monthly savings of the
/// findings that are Idle, Underutilized or Scheduled (actionable now counted apart; Undetermined never counts).
/// Savings realised = the findings of the previous period's report (its <c>report.json</c>) that no longer exist or are
/// Active now — the resource was removed, rightsized or put to use — at the savings that report showed. Savings realised by
/// automated cleanup in the period come from <see cref="IRealisedSavings"/> (the cleanup steps done and not undone).
/// </summary>
public sealed class IdleSection(IServiceProvider services, IReportHistory history)
{
    public const string FindingsTable = "idle-findings";
    public const string SavingsTable = "idle-savings";
    public const string CleanupTable = "idle-cleanup";
    public const string CleanupNotConfigured = "automated cleanup is not configured (no cleanup in this installation)";
    public const string NotConfigured = "idle detection is not configured (no idle-resource detector in this installation)";
    private static readonly IdleState[] Wasteful = [IdleState.Idle, IdleState.Underutilized, IdleState.Scheduled];

    public async Task<ReportSection> BuildAsync(ReportKind kind, ReportPeriod period, ReportPeriod previous, string? team, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(previous);
        var (cleanupTable, cleanupHighlights) = await CleanupAsync(period, team, cancellationToken);
        var columns = new[] { "resource", "type", "team", "service", "state", "rule", "monthly savings", "actionable now", "recommendation" };
        var savingsColumns = new[] { "currency", "available per month", "actionable now per month", "findings", "realised per month since " + previous.Name, "findings resolved" };
        if (services.GetService<IIdleFindings>() is not { } idle)
        {
            return new ReportSection([], [], [new ReportTable(SavingsTable, "Idle-resource savings", savingsColumns, [], NotConfigured),
                new ReportTable(FindingsTable, "Idle resources", columns, [], NotConfigured), cleanupTable], [], []);
        }
        var all = await idle.ListAsync(new IdleFindingFilter(Team: team), cancellationToken);
        var findings = all.Where(f => Wasteful.Contains(f.State)).ToList();
        var undetermined = all.Count(f => f.State == IdleState.Undetermined);
        var withSavings = findings.Where(f => f.MonthlySavings is not null && f.Currency is not null).ToList();
        var (realised, resolved, earlier) = await RealisedAsync(idle, kind, previous, team, cancellationToken);

        var currencies = withSavings.Select(f => f.Currency!).Concat(realised.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var savings = new ReportTable(SavingsTable, "Idle-resource savings", savingsColumns,
            [.. currencies.Select(c => (IReadOnlyList<string>)[c,
                ReportFormat.Money(withSavings.Where(f => f.Currency == c).Sum(f => f.MonthlySavings!.Value), c),
                ReportFormat.Money(withSavings.Where(f => f.Currency == c && f.Actionable).Sum(f => f.MonthlySavings!.Value), c),
                ReportFormat.Count(withSavings.Count(f => f.Currency == c)),
                earlier is null ? "missing: " + NoEarlier(previous) : ReportFormat.Money(realised.GetValueOrDefault(c), c),
                earlier is null ? "missing" : ReportFormat.Count(resolved.GetValueOrDefault(c))])],
            currencies.Count == 0 ? (findings.Count == 0 ? "no idle or over-provisioned resources found" : "no finding has a billing match to price it") : null);
        var table = new ReportTable(FindingsTable, "Idle resources (largest savings first)", columns,
            [.. findings.Take(25).Select(f => (IReadOnlyList<string>)[f.ResourceId, f.ResourceType, f.Team ?? "", f.Service ?? "", f.State.ToString(), $"{f.Rule} v{f.RuleVersion}",
                f.MonthlySavings is { } m ? ReportFormat.Money(m, f.Currency) : "missing: no billing match", f.Actionable ? "yes" : "no", f.Recommendation])],
            findings.Count == 0 ? "no idle or over-provisioned resources found" : null);

        var highlights = new List<Highlight>();
        foreach (var c in currencies)
        {
            var available = withSavings.Where(f => f.Currency == c).ToList();
            if (available.Count > 0)
            {
                highlights.Add(new Highlight(
                    $"Idle and over-provisioned resources could save {ReportFormat.Money(available.Sum(f => f.MonthlySavings!.Value), c)} a month ({available.Count} findings, {available.Count(f => f.Actionable)} actionable now).",
                    (double)available.Sum(f => f.MonthlySavings!.Value), $"table {SavingsTable}, row {c}"));
            }
            if (realised.GetValueOrDefault(c) > 0)
            {
                highlights.Add(new Highlight(
                    $"{ReportFormat.Money(realised[c], c)} a month realised since {previous.Name}: {resolved[c]} finding(s) of that report were resolved.",
                    (double)realised[c], $"table {SavingsTable}, row {c}"));
            }
        }
        highlights.AddRange(cleanupHighlights);
        var notes = undetermined > 0 ? new List<string> { $"{undetermined} resource(s) could not be judged (not enough utilisation data) and are not counted as savings." } : [];
        return new ReportSection([], highlights, [savings, table, cleanupTable], [], notes)
        {
            IdleSavings = [.. withSavings.Select(f => new IdleSaving(f.Id, f.ResourceId, f.MonthlySavings!.Value, f.Currency!))],
        };
    }

    /// <summary>Savings of the previous report's findings that are gone or Active now, per currency; null report = nothing to compare.</summary>
    private async Task<(Dictionary<string, decimal> Realised, Dictionary<string, int> Resolved, Report? Earlier)> RealisedAsync(IIdleFindings idle, ReportKind kind,
        ReportPeriod previous, string? team, CancellationToken cancellationToken)
    {
        var realised = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var resolved = new Dictionary<string, int>(StringComparer.Ordinal);
        var record = await history.FindAsync(Report.IdOf(kind, previous, team), cancellationToken);
        var json = record is null ? null : Path.Combine(history.FullDirectory(record.Directory), "report.json");
        if (json is null || !File.Exists(json))
        {
            return (realised, resolved, null);
        }
        var earlier = JsonReportRenderer.Read(await File.ReadAllTextAsync(json, cancellationToken));
        foreach (var saving in earlier.IdleSavings)
        {
            if (await idle.GetAsync(saving.FindingId, cancellationToken) is { State: not IdleState.Active })
            {
                continue;
            }
            realised[saving.Currency] = realised.GetValueOrDefault(saving.Currency) + saving.MonthlySavings;
            resolved[saving.Currency] = resolved.GetValueOrDefault(saving.Currency) + 1;
        }
        return (realised, resolved, earlier);
    }

    /// <summary>What automated cleanup saved in the period, per currency, with a highlight per currency that saved something.</summary>
    private async Task<(ReportTable Table, List<Highlight> Highlights)> CleanupAsync(ReportPeriod period, string? team, CancellationToken cancellationToken)
    {
        var title = $"Savings realised by automated cleanup in {period.Name}";
        var columns = new[] { "currency", "realised per month", "resources stopped, scaled to zero or deleted" };
        if (services.GetService<IRealisedSavings>() is not { } cleanup)
        {
            return (new ReportTable(CleanupTable, title, columns, [], CleanupNotConfigured), []);
        }
        var saved = await cleanup.ListAsync(period.From, period.To, team, cancellationToken);
        var table = new ReportTable(CleanupTable, title, columns,
            [.. saved.Select(s => (IReadOnlyList<string>)[s.Currency, ReportFormat.Money(s.Monthly, s.Currency), ReportFormat.Count(s.Resources)])],
            saved.Count == 0 ? $"no cleanup action saved cost in {period.Name}" : null);
        var highlights = saved.Where(s => s.Monthly > 0).Select(s => new Highlight(
            $"Automated cleanup saved {ReportFormat.Money(s.Monthly, s.Currency)} a month in {period.Name}: {s.Resources} resource(s) stopped, scaled to zero or deleted.",
            (double)s.Monthly, $"table {CleanupTable}, row {s.Currency}")).ToList();
        return (table, highlights);
    }

    private static string NoEarlier(ReportPeriod previous) => $"no report with JSON for {previous.Name} to compare with";
}
