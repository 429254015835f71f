using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Platform.Insights.Analytics;
using Platform.Insights.Analytics.Cost;
using Platform.Insights.Analytics.Idle;
using Platform.Insights.Analytics.Productivity;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Analytics.Uptime;
using Platform.Insights.Ingest.Records;
using Platform.Insights.Reports;
using Platform.Insights.Reports.Building;
using Platform.Insights.Reports.Model;
using Platform.Insights.Reports.Rendering;

// Weekly leadership report generation time per format for TEAMS teams / SERVICES services (defaults 50 / 1,000):
// probe_success every 5 minutes for two weeks per service, daily billing per service for 8 weeks, production deployments
// on about a third of the service-days of both weeks, and 500 idle findings from a synthetic detector. The baseline is
// the KPI queries alone (the same calls the report's sections make), measured in the same run.
var teams = int.Parse(Environment.GetEnvironmentVariable("BENCH_REPORT_TEAMS") ?? "50", CultureInfo.InvariantCulture);
var services = int.Parse(Environment.GetEnvironmentVariable("BENCH_REPORT_SERVICES") ?? "1000", CultureInfo.InvariantCulture);
var reps = int.Parse(Environment.GetEnvironmentVariable("BENCH_REPORT_REPS") ?? "3", CultureInfo.InvariantCulture);
var dir = Directory.CreateTempSubdirectory("insights-report-bench-").FullName;
var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Insights:Data"] = dir,
    ["Insights:Cost:Baseline:From"] = "2026-10-01",
    ["Insights:Cost:Baseline:To"] = "2026-10-15",
    // A loaded machine can take over a minute to start Chromium; the benchmark measures, it should not give up.
    ["Insights:Reports:PdfTimeout"] = "00:05:00",
}).Build();
var collection = new ServiceCollection();
collection.AddSingleton(TimeProvider.System);
collection.AddSingleton(new StoreRole("bench"));
collection.AddSingleton(Prometheus.Metrics.NewCustomRegistry());
collection.AddLogging();
collection.AddAnalytics(configuration);
collection.AddReports(configuration);
collection.AddSingleton<IIdleFindings>(new SyntheticIdleFindings(services, teams));
using var provider = collection.BuildServiceProvider();
var db = provider.GetRequiredService<InsightsDatabase>();
var week = ReportPeriod.Parse(ReportKind.Weekly, "2026-W47");
var clock = Stopwatch.StartNew();

await db.WriteAsync(connection =>
{
    using var appender = connection.CreateAppender("metric_points");
    for (var s = 0; s < services; s++)
    {
        var service = $"svc-{s:0000}";
        using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                INSERT OR IGNORE INTO catalog_teams (name, declared) VALUES ($team, true);
                INSERT INTO catalog_services (name, team, annotations, source_file) VALUES ($name, $team, '{}', 'bench.yaml');
                INSERT INTO metric_series VALUES ($id, $name, 'probe_success', $labels, $first);
                """;
            command.Parameters.Add(new DuckDBParameter("team", $"team-{s % teams:00}"));
            command.Parameters.Add(new DuckDBParameter("name", service));
            command.Parameters.Add(new DuckDBParameter("id", (ulong)s + 1));
            command.Parameters.Add(new DuckDBParameter("labels", $$"""{"service":"{{service}}"}"""));
            command.Parameters.Add(new DuckDBParameter("first", DateTime.SpecifyKind(week.Previous.From, DateTimeKind.Unspecified)));
            command.ExecuteNonQuery();
        }
        var i = 0;
        for (var at = week.Previous.From; at < week.To; at = at.AddMinutes(5), i++)
        {
            // One 15-minute outage per service every ~3 days, at a service-specific offset.
            var down = (i + (s * 37)) % 864 < 3;
            appender.CreateRow().AppendValue((ulong)s + 1)
                .AppendValue(DateTime.SpecifyKind(at, DateTimeKind.Unspecified)).AppendValue(down ? 0.0 : 1.0).EndRow();
        }
    }
}, CancellationToken.None);

var rows = new List<FocusLineItem>();
for (var day = week.From.AddDays(-49); day < week.To; day = day.AddDays(1))
{
    for (var s = 0; s < services; s++)
    {
        var cost = 10m + (s % 17) + (day >= week.From && s % 10 == 0 ? 5m : 0m);
        var month = new DateTime(day.Year, day.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        rows.Add(new FocusLineItem
        {
            BilledCost = cost, EffectiveCost = cost, ListCost = cost, ContractedCost = cost, BillingCurrency = "USD", BillingAccountId = "acct-1",
            SubAccountId = "sub-1", BillingPeriodStart = month, BillingPeriodEnd = month.AddMonths(1), ChargePeriodStart = day, ChargePeriodEnd = day.AddDays(1),
            ChargeCategory = "Usage", ProviderName = "AWS", ServiceName = "Amazon EC2", SourceLine = rows.Count + 2,
            TagsJson = $$"""{"team":"team-{{s % teams:00}}","service":"svc-{{s:0000}}"}""",
        });
    }
}
await db.WriteAsync(connection =>
{
    using var command = connection.CreateCommand();
    command.CommandText = """
        INSERT INTO log_events (event_id, ts, service, environment, service_version, action, outcome, labels, raw)
        SELECT 'dep-' || s.name || '-' || strftime(d, '%Y%m%d'), d + INTERVAL 10 HOUR, s.name, 'production', '1.0', 'deployment', 'success',
               json_object('first_commit_at', strftime(d - INTERVAL (hash(s.name) % 72) HOUR, '%Y-%m-%dT%H:%M:%SZ')), '{}'
        FROM catalog_services s, generate_series(CAST($from AS TIMESTAMP), CAST($to AS TIMESTAMP) - INTERVAL 1 DAY, INTERVAL 1 DAY) t(d)
        WHERE hash(s.name || strftime(d, '%Y%m%d')) % 3 = 0
        """;
    command.Parameters.Add(new DuckDBParameter("from", DateTime.SpecifyKind(week.Previous.From, DateTimeKind.Unspecified)));
    command.Parameters.Add(new DuckDBParameter("to", DateTime.SpecifyKind(week.To, DateTimeKind.Unspecified)));
    command.ExecuteNonQuery();
}, CancellationToken.None);

var billing = provider.GetRequiredService<BillingStore>();
await billing.BeginAsync("bench", CancellationToken.None);
await billing.StageAsync("bench", rows, CancellationToken.None);
await billing.CommitAsync("bench", CancellationToken.None);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seeded {teams} teams, {services} services, {rows.Count:N0} billing rows in {clock.Elapsed.TotalSeconds:0.0} s"));
if (Environment.GetEnvironmentVariable("BENCH_REPORT_SEED_ONLY") == "1")
{
    // Keeps the seeded data directory, so single queries can be profiled on it (insights query --data DIR "EXPLAIN ANALYZE …").
    Console.WriteLine($"data directory kept: {dir}");
    return;
}

var times = new Dictionary<string, List<double>>();
var cpu = new Dictionary<string, List<double>>();
var lastCpu = Process.GetCurrentProcess().TotalProcessorTime;
void Add(string name, TimeSpan t)
{
    (times.TryGetValue(name, out var l) ? l : times[name] = []).Add(t.TotalMilliseconds);
    // CPU of the step (this process, all threads; not Chromium, a child process): steps run back to back, so the delta since the last one.
    var now = Process.GetCurrentProcess().TotalProcessorTime;
    (cpu.TryGetValue(name, out var c) ? c : cpu[name] = []).Add((now - lastCpu).TotalMilliseconds);
    lastCpu = now;
    // Each step as it is measured, so a run cut short still leaves its figures.
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name}: {t.TotalMilliseconds:0} ms wall, {cpu[name][^1]:0} ms CPU"));
}
var uptime = provider.GetRequiredService<UptimeKpiQuery>();
var incidents = provider.GetRequiredService<IncidentQuery>();
var change = provider.GetRequiredService<CostChangeQuery>();
var trend = provider.GetRequiredService<CostTrendQuery>();
var anomalies = provider.GetRequiredService<CostAnomalyQuery>();
var costs = provider.GetRequiredService<CostQuery>();
var budgets = provider.GetRequiredService<BudgetQuery>();
var dora = provider.GetRequiredService<DoraQuery>();
var productivity = provider.GetRequiredService<ProductivityQuery>();
var linking = provider.GetRequiredService<IncidentDeployments>();
var idle = provider.GetRequiredService<IIdleFindings>();
var generator = provider.GetRequiredService<ReportGenerator>();
var builder = provider.GetRequiredService<ReportBuilder>();
var outDir = Path.Combine(dir, "out");
Directory.CreateDirectory(outDir);
// Each baseline query is also timed on its own (wall and CPU, summed over its calls), to show which one dominates.
var perQuery = new Dictionary<string, (double Wall, double Cpu, int Calls)>();
async Task<T> Timed<T>(string name, Func<Task<T>> query)
{
    var wall = Stopwatch.StartNew();
    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    var result = await query();
    var (w, c, n) = perQuery.GetValueOrDefault(name);
    perQuery[name] = (w + wall.Elapsed.TotalMilliseconds, c + (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds, n + 1);
    return result;
}
if (Environment.GetEnvironmentVariable("BENCH_REPORT_PROFILE") == "1")
{
    // Where the report model's time goes: each section in ReportBuilder's scopes (incidents and SLI sums remembered),
    // one after the other, then the single queries behind them on their own (no scope), each once.
    var sli = provider.GetRequiredService<ServiceSliQuery>();
    var uptimeOptions = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<UptimeKpiOptions>>().Value;
    var burn = UptimeWindow.BurnWindows.Select(b => new UptimeWindow(b.Name, week.To - b.Length, week.To));
    var horizon = new DateTime(9999, 12, 31, 0, 0, 0, DateTimeKind.Utc);
    for (var r = 0; r < reps; r++)
    {
        using (incidents.Remember())
        using (sli.Remember())
        {
            var t = Stopwatch.StartNew();
            await provider.GetRequiredService<UptimeSection>().BuildAsync(week, week.Previous, null, CancellationToken.None);
            Add("section uptime", t.Elapsed);
            t.Restart();
            await provider.GetRequiredService<CostSection>().BuildAsync(ReportKind.Weekly, week, week.Previous, null, null, CancellationToken.None);
            Add("section cost", t.Elapsed);
            t.Restart();
            var scorecard = await provider.GetRequiredService<IProductivityKpis>().ScorecardAsync(week, week.Previous, null, CancellationToken.None);
            Add("section delivery scorecard", t.Elapsed);
            t.Restart();
            await provider.GetRequiredService<DoraSection>().BuildAsync(week, week.Previous, null, scorecard, CancellationToken.None);
            Add("section dora", t.Elapsed);
            t.Restart();
            await provider.GetRequiredService<IdleSection>().BuildAsync(ReportKind.Weekly, week, week.Previous, null, CancellationToken.None);
            Add("section idle", t.Elapsed);
        }
        var q = Stopwatch.StartNew();
        await sli.ForAsync([new UptimeWindow(UptimeKpiQuery.MainWindow, week.From, week.To), .. burn], null, null, CancellationToken.None);
        Add("query SLI pass, the week + burn windows", q.Elapsed);
        q.Restart();
        await incidents.StartedInAsync(week.From, week.To, null, null, CancellationToken.None);
        Add("query incidents started in the week", q.Elapsed);
        q.Restart();
        await incidents.RecordsStartedInAsync(week.Previous.From, horizon, null, null, CancellationToken.None);
        Add("query incident records from the previous week on", q.Elapsed);
        q.Restart();
        using (incidents.Remember())
        {
            await incidents.RecordsStartedInAsync(week.From, horizon, null, null, CancellationToken.None);
            q.Restart();
            await dora.ForAsync(UptimeScope.Org, null, null, new UptimeWindow(week.Name, week.From, week.To), DoraBenchmarks.Report2023, CancellationToken.None);
            Add("query dora.sql org (incidents known)", q.Elapsed);
            q.Restart();
            await dora.ForAsync(UptimeScope.Team, null, null, new UptimeWindow(week.Name, week.From, week.To), DoraBenchmarks.Report2023, CancellationToken.None);
            Add("query dora.sql per team (incidents known)", q.Elapsed);
        }
        q.Restart();
        await productivity.ForAsync(UptimeScope.Org, null, null, new UptimeWindow(week.Name, week.From, week.To), CancellationToken.None);
        Add("query productivity org", q.Elapsed);
        q.Restart();
        await change.CompareAsync(week.From, week.To, CostBasis.Effective, null, CancellationToken.None);
        Add("query cost change", q.Elapsed);
        q.Restart();
        await costs.ByAsync(CostDimension.Service, week.From, week.To, null, CancellationToken.None);
        Add("query cost by service", q.Elapsed);
        q.Restart();
        await anomalies.DetectAsync(week.From, week.To, CostBasis.Effective, null, CancellationToken.None);
        Add("query cost anomalies", q.Elapsed);
        q.Restart();
        await trend.EveryAsync(CostInterval.Week, CostDimension.Team, week.From.AddDays(-49), week.To, null, CancellationToken.None);
        Add("query cost trend 8 weeks", q.Elapsed);
        q.Restart();
        await budgets.AssessAsync(null, CancellationToken.None);
        Add("query budgets", q.Elapsed);
    }
    Directory.Delete(dir, recursive: true);
    return;
}
for (var r = 0; r < reps; r++)
{
    var t = Stopwatch.StartNew();
    foreach (var p in new[] { week, week.Previous })
    {
        await Timed("uptime org", () => uptime.ComputeAsync(UptimeScope.Org, null, "window", p.From, p.To, null, CancellationToken.None));
        await Timed("incidents started in", () => incidents.StartedInAsync(p.From, p.To, null, null, CancellationToken.None));
        await Timed("cost change", () => change.CompareAsync(p.From, p.To, CostBasis.Effective, null, CancellationToken.None));
        await Timed("cost by service", () => costs.ByAsync(CostDimension.Service, p.From, p.To, null, CancellationToken.None));
        var window = new UptimeWindow(p.Name, p.From, p.To);
        await Timed("dora org", () => dora.ForAsync(UptimeScope.Org, null, null, window, DoraBenchmarks.Report2023, CancellationToken.None));
        await Timed("dora per team", () => dora.ForAsync(UptimeScope.Team, null, null, window, DoraBenchmarks.Report2023, CancellationToken.None));
        await Timed("productivity org", () => productivity.ForAsync(UptimeScope.Org, null, null, window, CancellationToken.None));
    }
    var started = await Timed("incidents started in", () => incidents.StartedInAsync(week.From, week.To, null, null, CancellationToken.None));
    await Timed("incidents linked to deployments", () => linking.LinkAsync(started, CancellationToken.None));
    await Timed("budgets", () => budgets.AssessAsync(null, CancellationToken.None));
    await Timed("idle list", () => idle.ListAsync(new IdleFindingFilter(), CancellationToken.None));
    await Timed("uptime per team", () => uptime.ComputeAsync(UptimeScope.Team, null, "window", week.From, week.To, null, CancellationToken.None));
    await Timed("cost trend 7 weeks", () => trend.EveryAsync(CostInterval.Week, CostDimension.Team, week.From.AddDays(-49), week.To, null, CancellationToken.None));
    await Timed("cost anomalies", () => anomalies.DetectAsync(week.From, week.To, CostBasis.Effective, null, CancellationToken.None));
    Add("KPI queries alone (baseline)", t.Elapsed);
    if (Environment.GetEnvironmentVariable("BENCH_REPORT_BASELINE_ONLY") == "1")
    {
        continue;
    }

    t.Restart();
    var report = await builder.BuildAsync(new ReportRequest(ReportKind.Weekly, week), CancellationToken.None);
    Add("report model (queries + assembly)", t.Elapsed);
    if (Environment.GetEnvironmentVariable("BENCH_REPORT_MODEL_ONLY") == "1")
    {
        continue;
    }
    foreach (var (format, name, _) in ReportFormatNames.All)
    {
        t.Restart();
        await generator.WriteAsync(report, format, outDir, CancellationToken.None);
        Add($"render {name}", t.Elapsed);
    }
    t.Restart();
    await generator.GenerateAsync(new ReportRequest(ReportKind.Weekly, week), ReportFormats.All, outDir, "bench", CancellationToken.None);
    Add("whole report, all formats (model + files + history)", t.Elapsed);
}
Console.WriteLine($"| baseline query ({reps} repetitions, summed) | calls | wall ms | CPU ms | share of CPU |");
Console.WriteLine("|---|---:|---:|---:|---:|");
var totalCpu = perQuery.Values.Sum(q => q.Cpu);
foreach (var (name, q) in perQuery.OrderByDescending(q => q.Value.Cpu))
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {q.Calls} | {q.Wall:0} | {q.Cpu:0} | {q.Cpu / totalCpu:P0} |"));
}
var baseline = times["KPI queries alone (baseline)"].Order().ElementAt(reps / 2);
var baselineCpu = cpu["KPI queries alone (baseline)"].Order().ElementAt(reps / 2);
Console.WriteLine($"| step | runs (ms) | median ms | × baseline | median CPU ms | CPU × baseline |");
Console.WriteLine("|---|---|---:|---:|---:|---:|");
foreach (var (name, list) in times)
{
    var median = list.Order().ElementAt(reps / 2);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {string.Join(" · ", list.Select(v => v.ToString("0", CultureInfo.InvariantCulture)))} | {median:0} | {median / baseline:0.00} | {cpu[name].Order().ElementAt(reps / 2):0} | {cpu[name].Order().ElementAt(reps / 2) / baselineCpu:0.00} |"));
}
Directory.Delete(dir, recursive: true);

/// <summary>A stand-in idle detector (the real one is another project's): one finding per other service, savings from its id.</summary>
internal sealed class SyntheticIdleFindings(int services, int teams) : IIdleFindings
{
    private readonly IReadOnlyList<IdleFinding> _findings = [.. Enumerable.Range(0, Math.Min(500, services)).Select(i => new IdleFinding(
        $"idl_{i:0000}", $"vm-{i:0000}", "vm", $"svc-{i * 2 % services:0000}", $"team-{i * 2 % services % teams:00}", "production",
        i % 5 == 0 ? IdleState.Underutilized : IdleState.Idle, "vm.idle", "1", i % 3 != 0, 5m + (i % 40), "USD", new Dictionary<string, string>(),
        new DateTime(2026, 11, 9, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc), null, 1.0, "stop the VM", [], null))];

    public Task<IReadOnlyList<IdleFinding>> ListAsync(IdleFindingFilter filter, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<IdleFinding>>([.. _findings.Where(f => filter.Team is null || f.Team == filter.Team).OrderByDescending(f => f.MonthlySavings)]);

    public Task<IdleFinding?> GetAsync(string id, CancellationToken cancellationToken) => Task.FromResult(_findings.FirstOrDefault(f => f.Id == id));
}
