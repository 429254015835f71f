using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using Platform.Insights.Analytics.Idle;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Analytics.Uptime;

// idle-bench generate DATA RESOURCES DAYS: a store in DATA with RESOURCES VMs, each one CPU-ratio and one network series
// with a sample every hour for DAYS days ending at the current hour, and one FOCUS row per resource for the last 30
// days. Profiles by resource number: 10 % idle, 10 % over-provisioned, 5 % month-end scheduled, the rest active.
// Written with DuckDB INSERT … SELECT over range(), so generation is not what is measured.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
if (args is ["explain", var store, ..] && args.Length is 2 or 4)
{
    // idle-bench explain DATA [MACROS.sql STATISTICS.sql]: DuckDB's EXPLAIN ANALYZE of Idle/idle_resources.sql (or of
    // STATISTICS.sql after MACROS.sql, to profile a candidate query without rebuilding) over DATA as of the hour after its
    // last sample (the profile BENCHMARKS.md §13 cites), with the default Insights:Idle settings.
    using var db = InsightsDatabase.Open(store, new StoreRole("bench"), TimeProvider.System);
    DateTime last;
    using (var connection = db.OpenReader())
    using (var command = connection.CreateCommand())
    {
        command.CommandText = "SELECT max(ts) FROM metric_samples";
        last = (DateTime)(await command.ExecuteScalarAsync())!;
    }
    var asOf = new DateTime(last.Year, last.Month, last.Day, last.Hour, 0, 0, DateTimeKind.Utc).AddHours(1);
    var query = new IdleStatisticsQuery(new UtilisationQuery(db, Options.Create(new UptimeKpiOptions())), new IdleOptions());
    Console.WriteLine(args.Length == 4
        ? await query.ExplainAnalyzeAsync(asOf, await File.ReadAllTextAsync(args[2]), await File.ReadAllTextAsync(args[3]), CancellationToken.None)
        : await query.ExplainAnalyzeAsync(asOf, CancellationToken.None));
    return 0;
}
if (args is not ["generate", var data, var resourcesText, var daysText])
{
    Console.Error.WriteLine("usage: idle-bench generate DATA RESOURCES DAYS | idle-bench explain DATA [MACROS.sql STATISTICS.sql]");
    return 2;
}
var resources = long.Parse(resourcesText, CultureInfo.InvariantCulture);
var days = int.Parse(daysText, CultureInfo.InvariantCulture);
var now = TimeProvider.System.GetUtcNow().UtcDateTime;
var end = new DateTime(now.Year, now.Month, now.Day, now.Hour, 0, 0, DateTimeKind.Utc);
var start = end.AddDays(-days);
var clock = Stopwatch.StartNew();
using var database = InsightsDatabase.Open(data, new StoreRole("bench"), TimeProvider.System);
await database.WriteAsync(connection =>
{
    using var command = connection.CreateCommand();
    command.CommandTimeout = 0;
    command.CommandText = $"""
        INSERT INTO metric_series
        SELECT (r * 2) + m + 1, 'svc-' || (r % 2000), CASE m WHEN 0 THEN 'resource_cpu_utilization_ratio' ELSE 'resource_network_bytes_per_second' END,
               json_object('env', CASE WHEN r % 3 = 0 THEN 'staging' ELSE 'production' END, 'resource_id', 'i-' || r, 'resource_type', 'vm',
                           'service', 'svc-' || (r % 2000), 'team', 'team-' || (r % 50)),
               TIMESTAMP '{start:yyyy-MM-dd HH:mm:ss}'
        FROM range({resources}) t(r), range(2) u(m);
        INSERT INTO metric_points
        SELECT (r * 2) + m + 1,
               TIMESTAMP '{start:yyyy-MM-dd HH:mm:ss}' + to_hours(h),
               CASE WHEN m = 0 THEN
                        CASE WHEN r % 20 < 2 THEN 0.005 + 0.01 * ((h * 7 + r) % 10) / 10.0
                             WHEN r % 20 < 4 THEN 0.08 + 0.05 * ((h * 3 + r) % 10) / 10.0
                             WHEN r % 20 = 4 THEN CASE WHEN h / 24 % 30 >= 27 THEN 0.7 ELSE 0.01 END
                             ELSE 0.3 + 0.3 * ((h * 5 + r) % 10) / 10.0 END
                    ELSE CASE WHEN r % 20 < 2 OR (r % 20 = 4 AND h / 24 % 30 < 27) THEN 20 ELSE 200000 + (h % 24) * 10000 END END
        FROM range({resources}) t(r), range(2) u(m), range({days * 24}) v(h)
        ORDER BY 1, 2;
        INSERT INTO focus_line_items (import_id, source_line, BilledCost, EffectiveCost, ListCost, ContractedCost, BillingCurrency,
                                      BillingPeriodStart, BillingPeriodEnd, ChargePeriodStart, ChargePeriodEnd, ResourceId, Tags)
        SELECT 'bench', r + 2, 100 + r % 400, 80 + r % 300, 100 + r % 400, 100 + r % 400, 'USD',
               TIMESTAMP '{end.AddDays(-30):yyyy-MM-dd HH:mm:ss}', TIMESTAMP '{end:yyyy-MM-dd HH:mm:ss}',
               TIMESTAMP '{end.AddDays(-30):yyyy-MM-dd HH:mm:ss}', TIMESTAMP '{end:yyyy-MM-dd HH:mm:ss}', 'i-' || r,
               json_object('team', 'team-' || (r % 50))
        FROM range({resources}) t(r);
        CHECKPOINT;
        """;
    command.ExecuteNonQuery();
}, CancellationToken.None);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"generated {resources:N0} resources x {days} days hourly ({resources * 2 * days * 24:N0} samples) ending {end:yyyy-MM-dd HH:mm} UTC in {clock.Elapsed.TotalSeconds:0.0} s"));
return 0;
