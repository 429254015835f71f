using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Platform.Insights.Analytics.Idle;
using Platform.Insights.Reports.Building;
using Platform.Insights.Reports.Model;
using Platform.Insights.Reports.Rendering;
using Platform.Insights.Reports.Tests.Support;

namespace Platform.Insights.Reports.Tests;

/// <summary>
/// <see cref="ReportBuilder"/> answers a question its sections share once per report (incidents, SLI sums); the report
/// model must be exactly the one each section gives when it asks every query itself, outside any remembered scope.
/// </summary>
public sealed class ReportModelEquivalenceTests : IDisposable
{
    private static readonly ReportPeriod W47 = ReportPeriod.Parse(ReportKind.Weekly, "2026-W47");
    private readonly FakeIdleFindings _idle = new();
    private readonly ReportStore _store;

    public ReportModelEquivalenceTests() =>
        _store = new ReportStore(Seed.Baseline, configure: s => s.RemoveAll<IIdleFindings>().AddSingleton<IIdleFindings>(_idle));

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task The_weekly_report_model_equals_the_sections_asking_every_query_themselves_on_a_varied_store()
    {
        await SeedAsync();
        var request = new ReportRequest(ReportKind.Weekly, W47);

        var built = await _store.Get<ReportBuilder>().BuildAsync(request, CancellationToken.None);
        var reference = await EachSectionOnItsOwnAsync(request, built);

        Assert.Equal(JsonReportRenderer.Render(reference), JsonReportRenderer.Render(built));
        // Not vacuous: the store gives every section figures (the previous week's too), not only "missing" notes.
        Assert.All(built.Scorecard.Where(r => r.Kpi.StartsWith(UptimeSection.AvailabilityKpi, StringComparison.Ordinal)), r => Assert.NotNull(r.Previous));
        Assert.Equal(4, built.Tables.Single(t => t.Id == "availability-by-team").Rows.Count);
    }

    /// <summary>
    /// Six services of three teams over two weeks and the lookback before them, with outages of every length (short ones,
    /// one across the week boundary, one still open at the end), a gap in one service's samples, a catalog service with no
    /// samples, a service outside the catalog, deployments in both weeks, billing and idle findings.
    /// </summary>
    private async Task SeedAsync()
    {
        await Seed.UptimeAsync(_store);
        await Seed.DeploymentsAsync(_store);
        await Seed.BillingAsync(_store);
        await _store.CatalogAsync("api", "a");
        await _store.CatalogAsync("queue", "c");
        await _store.CatalogAsync("silent", "c");
        var start = Seed.W46.AddDays(-1);
        await _store.ProbeAsync("api", start, Seed.W48,
            (Seed.W47.AddMinutes(-20), TimeSpan.FromMinutes(45)), (Seed.W46.AddDays(4), TimeSpan.FromMinutes(2)), (Seed.W47.AddDays(5), TimeSpan.FromMinutes(90)));
        await _store.ProbeAsync("queue", start, Seed.W47.AddDays(2), (Seed.W47.AddDays(1), TimeSpan.FromMinutes(6)));
        await _store.ProbeAsync("queue", Seed.W47.AddDays(3), Seed.W48, (Seed.W48.AddMinutes(-30), TimeSpan.FromHours(1)));
        await _store.ProbeAsync("stray", Seed.W46, Seed.W48, (Seed.W46.AddDays(6), TimeSpan.FromMinutes(11)));
        await _store.DeployAsync("api", "api-47-1", Seed.W47.AddDays(5).AddHours(-1), Seed.W47.AddDays(4), "2.0");
        await _store.DeployAsync("queue", "queue-46-1", Seed.W46.AddDays(3), Seed.W46.AddDays(1), "0.9");
        await _store.BillingAsync(Seed.W46.AddDays(-28), Seed.W48, ("c", "queue", day => 20m + day.Day), ("a", "api", day => day >= Seed.W47 ? 5m : 9m));
        _idle.Current.Add(FakeIdleFindings.Finding("i1", "a", IdleState.Idle, 40m, actionable: true));
        _idle.Current.Add(FakeIdleFindings.Finding("i2", "c", IdleState.Underutilized, 12.5m, actionable: false));
        _idle.Current.Add(FakeIdleFindings.Finding("i3", "b", IdleState.Idle, null, actionable: true));
    }

    /// <summary>The report as <see cref="ReportBuilder"/> assembles it, but each section asking its own queries: nothing remembered.</summary>
    private async Task<Report> EachSectionOnItsOwnAsync(ReportRequest request, Report built)
    {
        var team = request.Kind == ReportKind.Team ? request.Team : null;
        var period = request.Period;
        var sections = new List<ReportSection>
        {
            await _store.Get<UptimeSection>().BuildAsync(period, period.Previous, team, CancellationToken.None),
            await _store.Get<CostSection>().BuildAsync(request.Kind, period, period.Previous, team, request.Budgets, CancellationToken.None),
        };
        var rows = await _store.Get<IProductivityKpis>().ScorecardAsync(period, period.Previous, team, CancellationToken.None);
        sections.Add(new ReportSection(rows, [], [], [], []));
        sections.Add(await _store.Get<DoraSection>().BuildAsync(period, period.Previous, team, rows, CancellationToken.None));
        sections.Add(await _store.Get<IdleSection>().BuildAsync(request.Kind, period, period.Previous, team, CancellationToken.None));
        return built with
        {
            Scorecard = [.. sections.SelectMany(s => s.Scorecard)],
            Highlights = [.. sections.SelectMany(s => s.Highlights)],
            Tables = [.. sections.SelectMany(s => s.Tables)],
            Charts = [.. sections.SelectMany(s => s.Charts)],
            Notes = [.. sections.SelectMany(s => s.Notes)],
            IdleSavings = [.. sections.SelectMany(s => s.IdleSavings)],
        };
    }
}
