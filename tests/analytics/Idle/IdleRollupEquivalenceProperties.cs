using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DuckDB.NET.Data;
using FsCheck.Xunit;
using Microsoft.Extensions.Options;
using Platform.Insights.Analytics.Idle;
using Platform.Insights.Analytics.Uptime;

namespace Platform.Insights.Analytics.Tests.Idle;

/// <summary>
/// The integer-keyed rollup (<c>utilisation_rollup.sql</c>, <c>idle_resources.sql</c>; BENCHMARKS.md §13b) against the
/// string-keyed queries it replaced, kept as test-only references (<c>Idle/Reference/*.sql</c>): on random fleets the
/// statistics, the findings (state, rule, evidence) and the public <c>utilisation_rollup</c> rows are the same.
/// Numbers agree to 1e-9 relative: both sides sum doubles in an order of DuckDB's choosing.
/// </summary>
public sealed class IdleRollupEquivalenceProperties
{
    private static readonly JsonSerializerOptions Json = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    [Property(MaxTest = 12)]
    public async Task<bool> Statistics_and_findings_equal_the_string_keyed_reference_querys_on_random_fleets(int seed)
    {
        using var store = new IdleStore();
        await new RandomIdleFleet(store, new Random(seed)).WriteAsync(1 + (Math.Abs(seed % 6)));

        await AssertSameAsReferenceAsync(store);
        return true;
    }

    [Fact]
    public async Task Several_series_per_resource_missing_hours_and_low_coverage_classify_as_the_reference_does()
    {
        using var store = new IdleStore();
        var random = new Random(8);
        // Two CPU series and network in + out counters on one VM; a VM missing every fourth hour (75 % coverage).
        await store.MetricAsync("i-two-cores", "vm", "resource_cpu_utilization_ratio", _ => 0.01, extraLabels: new Dictionary<string, string> { ["cpu"] = "0" });
        await store.MetricAsync("i-two-cores", "vm", "resource_cpu_utilization_ratio", h => h % 24 == 3 ? 0.02 : 0.015, extraLabels: new Dictionary<string, string> { ["cpu"] = "1" });
        await store.MetricAsync("i-two-cores", "vm", "node_network_receive_bytes_total", h => h * 1000.0);
        await store.MetricAsync("i-two-cores", "vm", "node_network_transmit_bytes_total", h => h % 100 * 500.0);
        await store.SeriesAsync("svc-shop", "resource_cpu_utilization_ratio", """{"env":"production","resource_id":"i-gappy","resource_type":"vm","service":"svc-shop","team":"shop"}""",
            Enumerable.Range(0, 35 * 24).Where(h => h % 4 != 0).Select(h => (IdleStore.T0.AddHours(h), 0.01)));
        await store.MetricAsync("i-gappy", "vm", "resource_network_bytes_per_second", _ => 10);
        await store.BillingAsync("i-two-cores", 3m);
        await store.BillingAsync("i-gappy", 4m);
        var fleet = new RandomIdleFleet(store, random);
        foreach (var type in new[] { "k8s_workload", "database", "load_balancer", "volume" })
        {
            await fleet.ResourceAsync("r-" + type, type);
        }

        var findings = await AssertSameAsReferenceAsync(store);

        var gappy = Assert.Single(findings, f => f.ResourceId == "i-gappy");
        Assert.Equal((IdleState.Undetermined, false), (gappy.State, gappy.Actionable));
        Assert.Equal(0.75, gappy.Coverage, 9);
        var twoCores = Assert.Single(findings, f => f.ResourceId == "i-two-cores");
        Assert.Equal((IdleState.Idle, "vm.idle"), (twoCores.State, twoCores.Rule));
        Assert.Equal(0.02, IdleStore.Stat(twoCores, "cpu_p95_of_daily_max").Value!.Value, 9); // the larger core's daily maximum
    }

    /// <summary>
    /// The rollup's short cuts (BENCHMARKS.md §26): a series whose gaps are all equal takes that gap as its median interval,
    /// a series with at most one sample per hour and a group (or dimension) of one series skip their group-by. Random VMs
    /// mix each case with its opposite — regular and jittered scrapes, steps under, at and over an hour, a lone sample, a
    /// late start, one or two CPU series, one network gauge or in + out counters — and must match the reference.
    /// </summary>
    [Property(MaxTest = 8)]
    public async Task<bool> Regular_and_irregular_scrapes_of_one_or_several_series_equal_the_reference(int seed)
    {
        using var store = new IdleStore();
        var random = new Random(seed);
        var hours = (int)(store.Time.GetUtcNow().UtcDateTime - IdleStore.T0).TotalHours;
        for (var r = 0; r < 1 + Math.Abs(seed % 5); r++)
        {
            var id = $"i-{r}";
            var metrics = new List<(string Metric, string? Cpu)> { ("resource_cpu_utilization_ratio", "0") };
            if (random.Next(2) == 0)
            {
                metrics.Add(("resource_cpu_utilization_ratio", "1"));
            }
            metrics.AddRange(random.Next(2) == 0
                ? [("resource_network_bytes_per_second", null)]
                : [("node_network_receive_bytes_total", null), ("node_network_transmit_bytes_total", null)]);
            foreach (var (metric, cpu) in metrics)
            {
                var labels = new SortedDictionary<string, string>(StringComparer.Ordinal)
                {
                    ["env"] = "production", ["resource_id"] = id, ["resource_type"] = "vm", ["service"] = "svc-shop", ["team"] = "shop",
                };
                if (cpu is not null)
                {
                    labels["cpu"] = cpu;
                }
                await store.SeriesAsync("svc-shop", metric, JsonSerializer.Serialize(labels), ScrapeShape(random, hours, metric.EndsWith("_total", StringComparison.Ordinal)));
            }
            await store.BillingAsync(id, 1m + r);
        }

        await AssertSameAsReferenceAsync(store);
        return true;
    }

    [Fact]
    public async Task A_fleet_read_one_resource_per_pass_gives_the_one_pass_rows_in_duckdbs_byte_order_of_ids()
    {
        using var store = new IdleStore();
        // Ids whose UTF-16 order differs from UTF-8's (a surrogate pair before U+FFFD) and plain ASCII ones.
        foreach (var id in new[] { "i-b", "i-a", "i-\U0001D11E", "i-\uFFFD", "i-é", "I-upper" })
        {
            await store.VmAsync(id, h => 0.01 + (h % 7) / 1000.0);
        }
        var asOf = store.Time.GetUtcNow().UtcDateTime;
        var query = new IdleStatisticsQuery(new UtilisationQuery(store.Database, Options.Create(new UptimeKpiOptions())), store.Options);

        var onePass = await query.ReadAsync(asOf, CancellationToken.None);
        var passes = await ReadInPassesAsync(query, store.Options, 1, asOf);

        Assert.Equal(6, onePass.Count);
        Assert.Equal(onePass.Select(r => r.ResourceId), passes.Select(r => r.ResourceId));
        AssertSameJson(onePass, passes);
    }

    private static async Task<List<IdleResourceStats>> ReadInPassesAsync(IdleStatisticsQuery query, IdleOptions options, int perPass, DateTime asOf)
    {
        var saved = options.ResourcesPerPass;
        options.ResourcesPerPass = perPass;
        try
        {
            return await query.ReadAsync(asOf, CancellationToken.None);
        }
        finally
        {
            options.ResourcesPerPass = saved;
        }
    }

    /// <summary>One series' samples: a step of 15 minutes to 3 hours, regular or jittered, from a random start; or a lone sample.</summary>
    private static List<(DateTime, double)> ScrapeShape(Random random, int hours, bool counter)
    {
        var now = IdleStore.T0.AddHours(hours);
        if (random.Next(8) == 0)
        {
            return [(now.AddMinutes(-random.Next(1, 600)), 0.01)];
        }
        var step = new[] { 15, 30, 60, 60, 60, 120, 180 }[random.Next(7)];
        var jitter = random.Next(3) == 0;
        var samples = new List<(DateTime, double)>();
        var total = 0.0;
        for (var minute = random.Next(2) == 0 ? 0 : random.Next(hours * 60); minute < hours * 60; minute += step)
        {
            var at = IdleStore.T0.AddMinutes(minute).AddSeconds(jitter ? random.Next(0, 50) : 0);
            total += random.Next(1, 1000);
            samples.Add((at, counter ? total : Math.Round(random.NextDouble() * (random.Next(4) == 0 ? 0.5 : 0.02), 5)));
        }
        return samples;
    }

    /// <summary>Runs both queries as of the store's hour and asserts the same statistics, findings and rollup rows.</summary>
    private static async Task<IReadOnlyList<IdleFinding>> AssertSameAsReferenceAsync(IdleStore store)
    {
        var asOf = store.Time.GetUtcNow().UtcDateTime;
        var utilisation = new UtilisationQuery(store.Database, Options.Create(new UptimeKpiOptions()));
        var query = new IdleStatisticsQuery(utilisation, store.Options);
        var actual = await query.ReadAsync(asOf, CancellationToken.None);
        var reference = await query.ReadAsync(asOf, Reference("reference_utilisation_rollup.sql"), Reference("reference_idle_resources.sql"), CancellationToken.None);

        Assert.NotEmpty(reference);
        Assert.Equal(reference.Select(r => r.ResourceId), actual.Select(r => r.ResourceId));
        AssertSameJson(reference, actual);
        // Read in passes of two resources (a large fleet's way of fitting the memory limit): the same rows, in the same order.
        var sliced = await ReadInPassesAsync(query, store.Options, 2, asOf);
        Assert.Equal(reference.Select(r => r.ResourceId), sliced.Select(r => r.ResourceId));
        AssertSameJson(reference, sliced);
        AssertSameJson(reference.Select(r => r.Windows), actual.Select(r => r.Windows));
        var classifier = new IdleClassifier(store.Options, asOf);
        var findings = actual.Select(classifier.Classify).ToList();
        AssertSameJson(reference.Select(classifier.Classify).ToList(), findings);
        foreach (var bucket in new[] { "hour", "day" })
        {
            AssertSameRows(
                await RollupRowsAsync(utilisation, store.Options, "reference_utilisation_rollup", bucket),
                await RollupRowsAsync(utilisation, store.Options, "utilisation_rollup", bucket));
        }
        return findings;
    }

    private static async Task<List<object?[]>> RollupRowsAsync(UtilisationQuery utilisation, IdleOptions options, string macro, string bucket)
    {
        using var connection = utilisation.OpenReader();
        using (var define = connection.CreateCommand())
        {
            define.CommandText = Reference("reference_utilisation_rollup.sql");
            await define.ExecuteNonQueryAsync();
        }
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM {macro}(NULL, NULL, $bucket, $metrics, $resource_labels) ORDER BY dimension, resource, service, metric, period";
        command.Parameters.Add(new DuckDBParameter("bucket", bucket));
        command.Parameters.Add(new DuckDBParameter("metrics", JsonSerializer.Serialize(options.Metrics.RollupMetrics().Select(p => new { dimension = p.Key, metric = p.Value }))));
        command.Parameters.Add(utilisation.ResourceLabelsParameter());
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i)).ToArray());
        }
        return rows;
    }

    private static void AssertSameRows(List<object?[]> expected, List<object?[]> actual)
    {
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Length, actual[i].Length);
            for (var c = 0; c < expected[i].Length; c++)
            {
                if (expected[i][c] is double e && actual[i][c] is double a)
                {
                    AssertClose(e, a, $"row {i} column {c}");
                }
                else
                {
                    Assert.Equal(expected[i][c], actual[i][c]);
                }
            }
        }
    }

    private static void AssertSameJson<T>(T expected, T actual) =>
        AssertSameNode(JsonSerializer.SerializeToNode(expected, Json), JsonSerializer.SerializeToNode(actual, Json), "$");

    private static void AssertSameNode(JsonNode? expected, JsonNode? actual, string path)
    {
        switch (expected)
        {
            case null:
                Assert.True(actual is null, $"{path}: expected null, got {actual?.ToJsonString()}");
                break;
            case JsonObject o:
                var other = Assert.IsType<JsonObject>(actual);
                Assert.Equal(o.Select(p => p.Key).Order(StringComparer.Ordinal), other.Select(p => p.Key).Order(StringComparer.Ordinal));
                foreach (var (key, value) in o)
                {
                    AssertSameNode(value, other[key], $"{path}.{key}");
                }
                break;
            case JsonArray array:
                var list = Assert.IsType<JsonArray>(actual);
                Assert.True(array.Count == list.Count, $"{path}: {array.Count} items expected, {list.Count} found");
                for (var i = 0; i < array.Count; i++)
                {
                    AssertSameNode(array[i], list[i], $"{path}[{i}]");
                }
                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.Number && actual is JsonValue w && w.GetValueKind() == JsonValueKind.Number:
                AssertClose(v.GetValue<double>(), w.GetValue<double>(), path);
                break;
            default:
                Assert.True(JsonNode.DeepEquals(expected, actual), $"{path}: expected {expected.ToJsonString()}, got {actual?.ToJsonString()}");
                break;
        }
    }

    private static void AssertClose(double expected, double actual, string path) =>
        Assert.True(expected.Equals(actual) || Math.Abs(expected - actual) <= 1e-9 * Math.Max(1e-300, Math.Max(Math.Abs(expected), Math.Abs(actual))),
            string.Create(CultureInfo.InvariantCulture, $"{path}: expected {expected:R}, got {actual:R}"));

    private static string Reference(string name)
    {
        using var stream = typeof(IdleRollupEquivalenceProperties).Assembly.GetManifestResourceStream(name)
                           ?? throw new InvalidOperationException($"No embedded reference SQL {name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
