using System.Text.Json;
using DuckDB.NET.Data;
using Microsoft.Extensions.Time.Testing;
using Platform.Insights.Analytics.Idle;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Analytics.Tests.Support;
using Platform.Insights.Analytics.Uptime;

namespace Platform.Insights.Analytics.Tests.Idle;

/// <summary>
/// A real DuckDB store with the idle detector over it: resources written as hourly gauge samples with the labels a
/// Prometheus relabelling (or the demo) gives them, FOCUS rows by resource id, and a fake clock.
/// </summary>
public sealed class IdleStore : IDisposable
{
    /// <summary>Start of every fixture's data; "now" defaults to 35 days later (the scheduled lookback).</summary>
    public static readonly DateTime T0 = new(2024, 8, 20, 0, 0, 0, DateTimeKind.Utc);

    private readonly TempDirectory _dir = new();
    private ulong _nextSeries = 1;
    private int _imports;

    public IdleStore(IdleOptions? options = null, DateTime? now = null)
    {
        Time = new FakeTimeProvider(new DateTimeOffset(now ?? T0.AddDays(35)));
        Database = InsightsDatabase.Open(_dir.Path, new StoreRole("test"), Time);
        Options = options ?? new IdleOptions();
        Billing = new BillingStore(Database);
        Detector = NewDetector();
    }

    public FakeTimeProvider Time { get; }

    private IdleMeters Meters => _meters ??= new IdleMeters(Registry);

    private IdleMeters? _meters;

    public InsightsDatabase Database { get; }

    public IdleOptions Options { get; }

    public BillingStore Billing { get; }

    public IdleDetector Detector { get; }

    /// <summary>The registry the detectors' own meters (<see cref="IdleMeters"/>) report to.</summary>
    public Prometheus.CollectorRegistry Registry { get; } = Prometheus.Metrics.NewCustomRegistry();

    /// <summary>A detector of its own (as a second process or a restart would build it), optionally with other settings.</summary>
    public IdleDetector NewDetector(IdleOptions? options = null) =>
        new(Database, new UtilisationQuery(Database, Microsoft.Extensions.Options.Options.Create(new UptimeKpiOptions())), Runs, Time,
            Microsoft.Extensions.Options.Options.Create(options ?? Options), Meters, Microsoft.Extensions.Logging.Abstractions.NullLogger<IdleDetector>.Instance);

    /// <summary>The persisted runs (one store per process, as the host registers it).</summary>
    public IdleRunStore Runs => _runs ??= new IdleRunStore(Database);

    private IdleRunStore? _runs;

    /// <summary>Hourly samples of one metric of a resource from <paramref name="from"/> for <paramref name="hours"/> hours; value by hour index.</summary>
    public Task MetricAsync(string resource, string type, string metric, Func<int, double> value, int hours = 35 * 24, DateTime? from = null,
        string env = "production", string team = "shop", IReadOnlyDictionary<string, string>? extraLabels = null)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["env"] = env, ["resource_id"] = resource, ["resource_type"] = type, ["service"] = "svc-" + team, ["team"] = team,
        };
        foreach (var (k, v) in extraLabels ?? new Dictionary<string, string>())
        {
            labels[k] = v;
        }
        var start = from ?? T0;
        return SeriesAsync("svc-" + team, metric, JsonSerializer.Serialize(labels), Enumerable.Range(0, hours).Select(h => (start.AddHours(h), value(h))));
    }

    public async Task SeriesAsync(string service, string metric, string labelsJson, IEnumerable<(DateTime At, double Value)> samples)
    {
        var id = _nextSeries++;
        var list = samples.ToList();
        await Database.WriteAsync(connection =>
        {
            using (var series = connection.CreateCommand())
            {
                series.CommandText = "INSERT INTO metric_series VALUES ($id, $service, $metric, $labels, $first)";
                series.Parameters.Add(new DuckDBParameter("id", id));
                series.Parameters.Add(new DuckDBParameter("service", service));
                series.Parameters.Add(new DuckDBParameter("metric", metric));
                series.Parameters.Add(new DuckDBParameter("labels", labelsJson));
                series.Parameters.Add(new DuckDBParameter("first", DateTime.SpecifyKind(T0, DateTimeKind.Unspecified)));
                series.ExecuteNonQuery();
            }
            using var appender = connection.CreateAppender("metric_points");
            foreach (var (at, v) in list)
            {
                appender.CreateRow().AppendValue(id).AppendValue(DateTime.SpecifyKind(at, DateTimeKind.Unspecified)).AppendValue(v).EndRow();
            }
        }, CancellationToken.None);
    }

    /// <summary>A VM: CPU ratio and network bytes per second by hour.</summary>
    public async Task VmAsync(string id, Func<int, double> cpu, Func<int, double>? network = null, int hours = 35 * 24, DateTime? from = null, string env = "production", string team = "shop")
    {
        await MetricAsync(id, "vm", "resource_cpu_utilization_ratio", cpu, hours, from, env, team);
        await MetricAsync(id, "vm", "resource_network_bytes_per_second", network ?? (_ => 10), hours, from, env, team);
    }

    /// <summary>Daily FOCUS rows for a resource over the 30 days before "now": EffectiveCost per day (BilledCost 1.5×, as before discounts).</summary>
    public async Task BillingAsync(string resource, decimal effectivePerDay, string? tagsJson = null, int days = 30, string currency = "USD")
    {
        var now = Time.GetUtcNow().UtcDateTime;
        var rows = Enumerable.Range(1, days).Select(i =>
        {
            var start = now.Date.AddDays(-i);
            return new Platform.Insights.Ingest.Records.FocusLineItem
            {
                BilledCost = effectivePerDay * 1.5m,
                EffectiveCost = effectivePerDay,
                ListCost = effectivePerDay * 1.5m,
                ContractedCost = effectivePerDay * 1.5m,
                BillingCurrency = currency,
                BillingAccountId = "acct-" + resource, // one account each: a delivery restates its account's periods
                BillingPeriodStart = new DateTime(start.Year, start.Month, 1, 0, 0, 0, DateTimeKind.Utc),
                BillingPeriodEnd = new DateTime(start.Year, start.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(1),
                ChargePeriodStart = start,
                ChargePeriodEnd = start.AddDays(1),
                ChargeCategory = "Usage",
                ProviderName = "AWS",
                ServiceName = "Amazon EC2",
                ResourceId = resource,
                TagsJson = tagsJson ?? """{"team":"shop"}""",
                SourceLine = i + 1,
            };
        }).ToArray();
        var import = $"imp-{++_imports}";
        await Billing.BeginAsync(import, CancellationToken.None);
        await Billing.StageAsync(import, rows, CancellationToken.None);
        await Billing.CommitAsync(import, CancellationToken.None);
    }

    /// <summary>Parsed samples stored as the store writer would (series row + samples), for files of the demo generator.</summary>
    public Task SamplesAsync(IEnumerable<Platform.Insights.Ingest.Records.MetricSample> samples)
    {
        var bySeries = samples.GroupBy(s => s.SeriesId).ToList();
        return Database.WriteAsync(connection =>
        {
            using var appender = connection.CreateAppender("metric_points");
            foreach (var series in bySeries)
            {
                var first = series.First();
                var service = first.LabelValue("service") ?? "_unmapped";
                using (var command = connection.CreateCommand())
                {
                    command.CommandText = "INSERT INTO metric_series VALUES ($id, $service, $metric, $labels, $first)";
                    command.Parameters.Add(new DuckDBParameter("id", series.Key));
                    command.Parameters.Add(new DuckDBParameter("service", service));
                    command.Parameters.Add(new DuckDBParameter("metric", first.Metric));
                    command.Parameters.Add(new DuckDBParameter("labels", JsonSerializer.Serialize(first.Labels.ToDictionary(l => l.Name, l => l.Value))));
                    command.Parameters.Add(new DuckDBParameter("first", DateTime.SpecifyKind(T0, DateTimeKind.Unspecified)));
                    command.ExecuteNonQuery();
                }
                foreach (var s in series)
                {
                    appender.CreateRow().AppendValue(s.SeriesId)
                        .AppendValue(DateTime.SpecifyKind(DateTime.UnixEpoch.AddMilliseconds(s.TimestampMs), DateTimeKind.Unspecified)).AppendValue(s.Value).EndRow();
                }
            }
        }, CancellationToken.None);
    }

    public async Task BillingRowsAsync(IReadOnlyList<Platform.Insights.Ingest.Records.FocusLineItem> rows)
    {
        var import = $"imp-{++_imports}";
        await Billing.BeginAsync(import, CancellationToken.None);
        await Billing.StageAsync(import, rows, CancellationToken.None);
        await Billing.CommitAsync(import, CancellationToken.None);
    }

    public async Task<IdleFinding> FindingAsync(string resource)
    {
        var all = await Detector.ListAsync(new IdleFindingFilter(), CancellationToken.None);
        return Assert.Single(all, f => f.ResourceId == resource);
    }

    public static IdleStatistic Stat(IdleFinding finding, string name) => Assert.Single(finding.Statistics, s => s.Name == name);

    public void Dispose()
    {
        Database.Dispose();
        _dir.Dispose();
    }
}
