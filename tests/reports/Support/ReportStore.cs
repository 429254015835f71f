using DuckDB.NET.Data;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Platform.Insights.Analytics;
using Platform.Insights.Analytics.Cost;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Ingest.Records;
using Prometheus;

namespace Platform.Insights.Reports.Tests.Support;

/// <summary>
/// A real DuckDB store in a temp directory with the analytics and reports registrations over it (as the host composes
/// them), a fake clock, and helpers writing probe samples, catalog services and billing rows.
/// </summary>
public sealed class ReportStore : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "insights-reports-tests", Guid.NewGuid().ToString("N"));
    private readonly ServiceProvider _services;
    private ulong _nextSeries = 1;
    private int _imports;

    public ReportStore(Dictionary<string, string?>? settings = null, DateTimeOffset? now = null, Action<IServiceCollection>? configure = null)
    {
        Directory.CreateDirectory(_dir);
        Time = new FakeTimeProvider(now ?? new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
        var values = new Dictionary<string, string?>
        {
            ["Insights:Data"] = _dir,
            ["Insights:Reports:Formats"] = "html,md,csv,json",
        };
        foreach (var (k, v) in settings ?? [])
        {
            values[k] = v;
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton(new StoreRole("test"));
        services.AddSingleton(Metrics.NewCustomRegistry());
        services.AddLogging();
        services.AddAnalytics(configuration);
        services.AddReports(configuration);
        configure?.Invoke(services);
        _services = services.BuildServiceProvider();
        Database = _services.GetRequiredService<InsightsDatabase>();
    }

    public FakeTimeProvider Time { get; }

    public InsightsDatabase Database { get; }

    public string DataDirectory => _dir;

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public IEnumerable<T> All<T>() => _services.GetServices<T>();

    /// <summary>probe_success of <paramref name="service"/> once a minute over [from, to), 0 inside the outages.</summary>
    public Task ProbeAsync(string service, DateTime from, DateTime to, params (DateTime Start, TimeSpan Length)[] outages)
    {
        var id = _nextSeries++;
        return Database.WriteAsync(connection =>
        {
            using (var series = connection.CreateCommand())
            {
                series.CommandText = "INSERT INTO metric_series VALUES ($id, $service, 'probe_success', $labels, $first)";
                series.Parameters.Add(new DuckDBParameter("id", id));
                series.Parameters.Add(new DuckDBParameter("service", service));
                series.Parameters.Add(new DuckDBParameter("labels", $$"""{"service":"{{service}}"}"""));
                series.Parameters.Add(new DuckDBParameter("first", DateTime.SpecifyKind(from, DateTimeKind.Unspecified)));
                series.ExecuteNonQuery();
            }
            using var appender = connection.CreateAppender("metric_points");
            for (var at = from; at < to; at = at.AddMinutes(1))
            {
                var down = outages.Any(o => at >= o.Start && at < o.Start + o.Length);
                appender.CreateRow().AppendValue(id)
                    .AppendValue(DateTime.SpecifyKind(at, DateTimeKind.Unspecified)).AppendValue(down ? 0.0 : 1.0).EndRow();
            }
        }, CancellationToken.None);
    }

    /// <summary>A successful production deployment of <paramref name="service"/> finished at <paramref name="finished"/> (ECS as imported).</summary>
    public Task DeployAsync(string service, string id, DateTime finished, DateTime firstCommit, string version) =>
        Database.WriteAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO log_events (event_id, ts, service, environment, service_version, action, outcome, labels, raw)
                VALUES ($id, $ts, $service, 'production', $version, 'deployment', 'success', $labels, '{}')
                """;
            command.Parameters.Add(new DuckDBParameter("id", id));
            command.Parameters.Add(new DuckDBParameter("ts", DateTime.SpecifyKind(finished, DateTimeKind.Unspecified)));
            command.Parameters.Add(new DuckDBParameter("service", service));
            command.Parameters.Add(new DuckDBParameter("version", version));
            command.Parameters.Add(new DuckDBParameter("labels", $$"""{"first_commit_at":"{{firstCommit.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture)}}"}"""));
            command.ExecuteNonQuery();
        }, CancellationToken.None);

    public Task CatalogAsync(string service, string team) =>
        Database.WriteAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT OR IGNORE INTO catalog_teams (name, declared) VALUES ($team, true);
                INSERT INTO catalog_services (name, team, annotations, source_file) VALUES ($name, $team, '{}', 'test.yaml');
                """;
            command.Parameters.Add(new DuckDBParameter("team", team));
            command.Parameters.Add(new DuckDBParameter("name", service));
            command.ExecuteNonQuery();
        }, CancellationToken.None);

    /// <summary>
    /// One delivery (one billing import: a later one restates the same account's billing periods) with a usage row per day
    /// in [from, to) for each team's service, costing its perDay(day).
    /// </summary>
    public async Task BillingAsync(DateTime from, DateTime to, params (string Team, string Service, Func<DateTime, decimal> PerDay)[] services)
    {
        var rows = new List<FocusLineItem>();
        var days = Enumerable.Range(0, (int)(to - from).TotalDays).Select(i => from.AddDays(i)).ToList();
        foreach (var (team, service, perDay, day) in services.SelectMany(s => days.Select(d => (s.Team, s.Service, s.PerDay, d))))
        {
            var cost = perDay(day);
            var month = new DateTime(day.Year, day.Month, 1, 0, 0, 0, DateTimeKind.Utc);
            rows.Add(new FocusLineItem
            {
                BilledCost = cost, EffectiveCost = cost, ListCost = cost, ContractedCost = cost, BillingCurrency = "USD",
                BillingAccountId = "acct-1", SubAccountId = "sub-1", BillingPeriodStart = month, BillingPeriodEnd = month.AddMonths(1),
                ChargePeriodStart = day, ChargePeriodEnd = day.AddDays(1), ChargeCategory = "Usage", ProviderName = "AWS",
                ServiceName = "Amazon EC2", TagsJson = $$"""{"team":"{{team}}","service":"{{service}}"}""", SourceLine = rows.Count + 2,
            });
        }
        var billing = Get<BillingStore>();
        var id = $"imp-{++_imports}";
        await billing.BeginAsync(id, CancellationToken.None);
        await billing.StageAsync(id, rows, CancellationToken.None);
        await billing.CommitAsync(id, CancellationToken.None);
    }

    public void Dispose()
    {
        _services.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the OS cleans temp.
        }
    }
}
