using Microsoft.Extensions.Options;

namespace Platform.Insights.Analytics.Uptime;

/// <summary>
/// Uptime KPIs per service, team or org: the SLI sums of <see cref="ServiceSliQuery"/> for the reporting window and
/// every burn-rate window in one pass, the incidents of <see cref="IncidentQuery"/>, and the arithmetic of
/// <see cref="SliTotals"/>, <see cref="SloMath"/> and <see cref="RecoveryStats"/>. A team adds its services' sums
/// (requests as counters, probes time-weighted); its SLO target is the one its services share, else the default.
/// </summary>
public sealed class UptimeKpiQuery(ServiceSliQuery sli, IncidentQuery incidents, SliDataEnd dataEnd, IOptions<UptimeKpiOptions> options)
{
    public const string OrgName = "(org)";
    public const string MainWindow = "window";

    /// <param name="window">A name of <see cref="UptimeWindow.Names"/>, ending at <paramref name="to"/> or as of now / the data's end.</param>
    /// <param name="from">With <paramref name="to"/>: an explicit window instead of a named one.</param>
    /// <param name="name">Only this service or team; null = all.</param>
    /// <param name="team">A team-limited caller: only this team's services.</param>
    public async Task<UptimeReport> ComputeAsync(UptimeScope scope, string? name, string window, DateTime? from, DateTime? to, string? team, CancellationToken cancellationToken)
    {
        var (asOf, early) = to is { } end ? (end, false) : await dataEnd.AsOfAsync(cancellationToken);
        var report = from is { } start ? new UptimeWindow("custom", start, asOf) : UptimeWindow.Ending(window, asOf);
        if (report.To <= report.From)
        {
            throw new ArgumentException("the window must end after it starts (--from before --to)");
        }
        var windows = new List<UptimeWindow> { report with { Name = MainWindow } };
        windows.AddRange(UptimeWindow.BurnWindows.Select(b => new UptimeWindow(b.Name, asOf - b.Length, asOf)));

        if (team is not null && scope == UptimeScope.Team && name is not null && name != team)
        {
            return new UptimeReport(asOf, early, report, []);
        }
        var service = scope == UptimeScope.Service ? name : null;
        var teamFilter = team ?? (scope == UptimeScope.Team ? name : null);
        var sums = await sli.ForAsync(windows, service, teamFilter, cancellationToken);
        var found = await incidents.StartedInAsync(report.From, report.To, service, teamFilter, cancellationToken);

        return new UptimeReport(asOf, early, report, Rows(scope, report, sums, found));
    }

    /// <summary>
    /// The rows of one scope from SLI sums already computed (the window's under <see cref="MainWindow"/>, burn windows
    /// under their names) and the incidents started in the window: the arithmetic every uptime figure shares, also
    /// used by <see cref="UptimeKpiHistory"/> for past points.
    /// </summary>
    public IReadOnlyList<UptimeKpiRow> Rows(UptimeScope scope, UptimeWindow report, IReadOnlyList<ServiceSli> sums, IReadOnlyList<Incident> found)
    {
        ArgumentNullException.ThrowIfNull(sums);
        ArgumentNullException.ThrowIfNull(found);
        var groups = scope switch
        {
            UptimeScope.Service => sums.GroupBy(s => (Name: s.Service, s.Team)),
            UptimeScope.Team => sums.GroupBy(s => (Name: s.Team ?? "(no team)", s.Team)),
            _ => sums.GroupBy(_ => (Name: OrgName, Team: (string?)null)),
        };
        var rows = new List<UptimeKpiRow>();
        foreach (var group in groups.OrderBy(g => g.Key.Name, StringComparer.Ordinal))
        {
            var members = group.Select(s => s.Service).ToHashSet(StringComparer.Ordinal);
            var mine = found.Where(i => members.Contains(i.Service)).ToList();
            rows.Add(Row(scope, group.Key.Name, scope == UptimeScope.Org ? null : group.Key.Team, report, [.. group], mine));
        }
        if (scope == UptimeScope.Org && rows.Count == 0)
        {
            rows.Add(Row(scope, OrgName, null, report, [], found));
        }
        return rows;
    }

    private UptimeKpiRow Row(UptimeScope scope, string name, string? team, UptimeWindow window, IReadOnlyList<ServiceSli> sums, IReadOnlyList<Incident> found)
    {
        var o = options.Value;
        var byWindow = sums.GroupBy(s => s.Window).ToDictionary(g => g.Key, g => g.Select(s => s.Totals).Aggregate(default(SliTotals), SliTotals.Add), StringComparer.Ordinal);
        var targets = sums.Select(s => s.SloTarget).Distinct().ToList();
        var target = targets.Count == 1 ? targets[0] : o.DefaultSloTarget;
        var main = byWindow.GetValueOrDefault(MainWindow);
        var burnRates = UptimeWindow.BurnWindows.ToDictionary(b => b.Name, b => SloMath.BurnRate(byWindow.GetValueOrDefault(b.Name).ErrorRatio, target), StringComparer.Ordinal);
        var kinds = sums.Where(s => s.Window == MainWindow && s.Sli is not null).Select(s => s.Sli!.Value).Distinct().ToList();
        var services = sums.Where(s => s.Window == MainWindow).Select(s => s.Service).Distinct(StringComparer.Ordinal).Count();
        return new UptimeKpiRow
        {
            Scope = scope,
            Name = name,
            Team = team,
            Window = window.Name,
            From = window.From,
            To = window.To,
            Sli = kinds.Count switch { 0 => null, 1 => kinds[0] == SliKind.Probe ? "probe" : "requests", _ => "mixed" },
            Services = services,
            Availability = main.Availability,
            Coverage = main.Coverage,
            SloTarget = target,
            ErrorBudget = SloMath.ErrorBudget(target),
            ErrorBudgetRemaining = SloMath.BudgetRemaining(main.Availability, target),
            BurnRate = SloMath.BurnRate(main.ErrorRatio, target),
            BurnRates = burnRates,
            Alert = SloMath.AlertState(burnRates),
            Recovery = RecoveryStats.Of(found, window, services, o.RecoveryTarget),
        };
    }
}
