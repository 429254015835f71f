using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using DuckDB.NET.Data;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Analytics.Uptime;

namespace Platform.Insights.Analytics.Idle;

/// <summary>
/// Runs <c>Idle/idle_resources.sql</c>: every resource's threshold-free statistics as of an hour, over the rule windows
/// each resource resolves to (<see cref="IdleWindows"/>: default, environment, tag).
/// </summary>
public sealed class IdleStatisticsQuery(UtilisationQuery utilisation, IdleOptions options)
{
    private static readonly JsonSerializerOptions DayJson = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    internal Task<List<IdleResourceStats>> ReadAsync(DateTime asOf, CancellationToken cancellationToken) =>
        ReadAsync(asOf, null, StoreSql.Load("Idle/idle_resources.sql"), cancellationToken);

    /// <summary>
    /// The statistics from other SQL with the same parameters and columns: <paramref name="macros"/> (if any) run first on the
    /// reader, then <paramref name="statisticsSql"/>. The equivalence test reads its reference query this way.
    /// </summary>
    internal async Task<List<IdleResourceStats>> ReadAsync(DateTime asOf, string? macros, string statisticsSql, CancellationToken cancellationToken)
    {
        using var connection = utilisation.OpenReader();
        if (macros is not null)
        {
            using var define = connection.CreateCommand();
            define.CommandText = macros;
            await define.ExecuteNonQueryAsync(cancellationToken);
        }
        var slices = statisticsSql.Contains("$slices", StringComparison.Ordinal) ? await PassesAsync(connection, cancellationToken) : 1;
        var rows = new List<IdleResourceStats>();
        for (var slice = 0; slice < slices; slice++)
        {
            using var command = Command(connection, asOf, statisticsSql, slices, slice);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(Read(reader));
            }
        }
        if (slices > 1)
        {
            // Each pass is ordered by resource in DuckDB's byte order; so is the whole.
            rows.Sort((a, b) => Utf8Order(a.ResourceId, b.ResourceId));
        }
        return rows;
    }

    /// <summary>How many passes of at most <c>ResourcesPerPass</c> resources (by a hash of the id, so about that many each).</summary>
    private async Task<int> PassesAsync(DuckDBConnection connection, CancellationToken cancellationToken)
    {
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(DISTINCT resource) FROM utilisation_series($metrics, $resource_labels)";
        count.Parameters.Add(MetricsParameter());
        count.Parameters.Add(utilisation.ResourceLabelsParameter());
        var resources = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        return (int)Math.Max(1, (resources + options.ResourcesPerPass - 1) / options.ResourcesPerPass);
    }

    /// <summary>UTF-8 byte order (DuckDB's string order) of two strings: code point order.</summary>
    private static int Utf8Order(string a, string b)
    {
        var (x, y) = (a.EnumerateRunes().GetEnumerator(), b.EnumerateRunes().GetEnumerator());
        while (true)
        {
            var (more, moreOther) = (x.MoveNext(), y.MoveNext());
            if (!more || !moreOther)
            {
                return more.CompareTo(moreOther);
            }
            var order = x.Current.Value.CompareTo(y.Current.Value);
            if (order != 0)
            {
                return order;
            }
        }
    }

    /// <summary>DuckDB's <c>EXPLAIN ANALYZE</c> (JSON) of the statistics query as of <paramref name="asOf"/> (bench/IdleBench <c>explain</c>).</summary>
    public Task<string> ExplainAnalyzeAsync(DateTime asOf, CancellationToken cancellationToken) =>
        ExplainAnalyzeAsync(asOf, null, StoreSql.Load("Idle/idle_resources.sql"), cancellationToken);

    /// <summary>
    /// DuckDB's <c>EXPLAIN ANALYZE</c> of <paramref name="statisticsSql"/> after <paramref name="macros"/> (if any), with the
    /// statistics query's parameters: bench/IdleBench profiles a candidate query this way without rebuilding.
    /// </summary>
    public async Task<string> ExplainAnalyzeAsync(DateTime asOf, string? macros, string statisticsSql, CancellationToken cancellationToken)
    {
        using var connection = utilisation.OpenReader();
        if (macros is not null)
        {
            using var define = connection.CreateCommand();
            define.CommandText = macros;
            await define.ExecuteNonQueryAsync(cancellationToken);
        }
        // JSON: the text tree is cut at the renderer's width, and this plan is wider than that.
        using var command = Command(connection, asOf, "EXPLAIN (ANALYZE, FORMAT json) " + statisticsSql, 1, 0);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var text = new System.Text.StringBuilder();
        while (await reader.ReadAsync(cancellationToken))
        {
            text.AppendLine(reader.GetValue(reader.FieldCount - 1)?.ToString());
        }
        return text.ToString();
    }

    private DuckDBCommand Command(DuckDBConnection connection, DateTime asOf, string sql, int slices, int slice)
    {
        var o = options;
        var command = connection.CreateCommand();
        command.CommandTimeout = 0;
        command.CommandText = sql;
        command.Parameters.Add(Time("as_of", asOf));
        command.Parameters.Add(Time("from", asOf.AddDays(-o.ScheduledLookbackDays)));
        command.Parameters.Add(new DuckDBParameter("vm_days", o.VmWindowDays));
        command.Parameters.Add(new DuckDBParameter("k8s_days", o.K8sWindowDays));
        command.Parameters.Add(new DuckDBParameter("max_window", Math.Min(90, o.ScheduledLookbackDays)));
        command.Parameters.Add(new DuckDBParameter("environment_windows", JsonSerializer.Serialize(o.Environments
            .Where(e => e.Value.Keys.Any(IdleWindows.IsKey))
            .Select(e => (Name: e.Key, Windows: o.WindowsFor(e.Key)))
            .Select(e => new { environment = e.Name.ToLowerInvariant(), vm_days = e.Windows.Vm, k8s_days = e.Windows.K8s }))));
        command.Parameters.Add(new DuckDBParameter("vm_tag", IdleWindows.VmTag));
        command.Parameters.Add(new DuckDBParameter("k8s_tag", IdleWindows.K8sTag));
        command.Parameters.Add(Time("billing_from", asOf.AddDays(-o.BillingDays)));
        command.Parameters.Add(MetricsParameter());
        command.Parameters.Add(utilisation.ResourceLabelsParameter());
        command.Parameters.Add(new DuckDBParameter("requested", JsonSerializer.Serialize(o.Metrics.RequestedNames)));
        command.Parameters.Add(new DuckDBParameter("terminated", JsonSerializer.Serialize(o.Metrics.LastTerminatedReasonNames)));
        if (sql.Contains("$slices", StringComparison.Ordinal))
        {
            command.Parameters.Add(new DuckDBParameter("slices", slices));
            command.Parameters.Add(new DuckDBParameter("slice", slice));
        }
        return command;
    }

    private DuckDBParameter MetricsParameter() =>
        new("metrics", JsonSerializer.Serialize(options.Metrics.RollupMetrics().Select(p => new { dimension = p.Key, metric = p.Value })));

    private static IdleResourceStats Read(DbDataReader reader)
    {
        IdleBillingEvidence? billing = reader.IsDBNull(19) ? null : new IdleBillingEvidence(
            Utc(reader, 22), Utc(reader, 23), reader.GetInt64(20), reader.GetDecimal(21), reader.GetString(19));
        return new IdleResourceStats(
            reader.GetString(0), Text(reader, 1), Text(reader, 2), Text(reader, 3), Text(reader, 4), Utc(reader, 5), Utc(reader, 6),
            (JsonSerializer.Deserialize<List<IdleDay>>(reader.GetString(7), DayJson) ?? []).Select(Stable).ToList(), Tags(Text(reader, 24)), billing,
            Number(reader, 8), Number(reader, 9), Number(reader, 10), Number(reader, 11), Number(reader, 12), Number(reader, 13),
            Number(reader, 14), Number(reader, 15), Number(reader, 16), Number(reader, 17), reader.GetBoolean(18))
        {
            Windows = new IdleWindows(reader.GetInt32(25), reader.GetInt32(26)),
        };
    }

    /// <summary>FOCUS <c>Tags</c> as text values (a number or boolean tag value keeps its JSON text).</summary>
    internal static IReadOnlyDictionary<string, string> Tags(string? json)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(json))
        {
            return tags;
        }
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            return tags;
        }
        foreach (var property in document.RootElement.EnumerateObject())
        {
            tags[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
        }
        return tags;
    }

    private static DuckDBParameter Time(string name, DateTime value) => new(name, DateTime.SpecifyKind(value, DateTimeKind.Unspecified));

    private static string? Text(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static double? Number(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : Stable(Convert.ToDouble(reader.GetValue(ordinal), CultureInfo.InvariantCulture));

    /// <summary>
    /// 12 significant digits: DuckDB's parallel sums add doubles in varying order, and a last-bit difference must not change
    /// a verdict at a threshold, the evidence, or the API's ETag between two runs over the same data.
    /// </summary>
    private static double Stable(double value) => double.IsFinite(value) && value != 0 ? double.Parse(value.ToString("G12", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : value;

    private static double? Stable(double? value) => value is { } v ? Stable(v) : null;

    private static IdleDay Stable(IdleDay d) => d with
    {
        Coverage = Stable(d.Coverage), CpuAvg = Stable(d.CpuAvg), CpuMax = Stable(d.CpuMax), CoresAvg = Stable(d.CoresAvg), CoresMax = Stable(d.CoresMax),
        NetworkBytes = Stable(d.NetworkBytes), AttachedMax = Stable(d.AttachedMax), ConnectionsMax = Stable(d.ConnectionsMax), Requests = Stable(d.Requests),
        HealthyMax = Stable(d.HealthyMax), CpuCoverage = Stable(d.CpuCoverage), NetworkCoverage = Stable(d.NetworkCoverage), AttachedCoverage = Stable(d.AttachedCoverage),
        ConnectionsCoverage = Stable(d.ConnectionsCoverage), LoadBalancerCoverage = Stable(d.LoadBalancerCoverage),
    };

    private static DateTime Utc(DbDataReader reader, int ordinal) => DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc);
}
