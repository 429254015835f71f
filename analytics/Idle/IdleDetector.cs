using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using DuckDB.NET.Data;
using Microsoft.Extensions.Options;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Analytics.Uptime;

namespace Platform.Insights.Analytics.Idle;

/// <summary>
/// The idle-resource detector: reads each resource's statistics (<c>Idle/idle_resources.sql</c> over the hourly
/// <c>utilisation_rollup</c> and FOCUS billing) and classifies them (<see cref="IdleClassifier"/>). Findings are computed
/// from the store on every call — nothing is cached, so a cleanup job's re-check sees the data as it is now.
/// "As of" is the current hour, or the hour after the last idle-metric sample when the data ends earlier.
/// </summary>
public sealed class IdleDetector(InsightsDatabase database, UtilisationQuery utilisation, TimeProvider time, IOptions<IdleOptions> options, IdleMeters meters) : IIdleFindings
{
    private static readonly JsonSerializerOptions DayJson = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public async Task<IReadOnlyList<IdleFinding>> ListAsync(IdleFindingFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var (_, findings) = await EvaluateAsync(null, cancellationToken);
        return Order(findings.Where(f => Matches(f, filter)));
    }

    public async Task<IdleFinding?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var (_, findings) = await EvaluateAsync(null, cancellationToken);
        return findings.FirstOrDefault(f => f.Id == id);
    }

    /// <summary>Every resource's finding as of <paramref name="asOf"/> (null: now, or where the data ends).</summary>
    public async Task<(DateTime AsOf, IReadOnlyList<IdleFinding> Findings)> EvaluateAsync(DateTime? asOf, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        try
        {
            var end = asOf ?? await AsOfAsync(cancellationToken);
            var classifier = new IdleClassifier(options.Value, end);
            var stats = await ReadAsync(end, cancellationToken);
            IReadOnlyList<IdleFinding> findings = [.. stats.Select(classifier.Classify)];
            meters.Succeeded(time.GetElapsedTime(started), findings);
            return (end, findings);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            meters.Failed(time.GetElapsedTime(started));
            throw;
        }
    }

    /// <summary>Ordered as the contract says: monthly savings descending (unknown last), then id.</summary>
    public static IReadOnlyList<IdleFinding> Order(IEnumerable<IdleFinding> findings) =>
        [.. findings.OrderBy(f => f.MonthlySavings is null).ThenByDescending(f => f.MonthlySavings ?? 0).ThenBy(f => f.Id, StringComparer.Ordinal)];

    public static bool Matches(IdleFinding f, IdleFindingFilter filter) =>
        (filter.Team is null || string.Equals(f.Team, filter.Team, StringComparison.Ordinal))
        && (filter.ResourceType is null || string.Equals(f.ResourceType, filter.ResourceType, StringComparison.OrdinalIgnoreCase))
        && (filter.State is null || f.State == filter.State)
        && (filter.Environment is null || string.Equals(f.Environment, filter.Environment, StringComparison.OrdinalIgnoreCase))
        && (filter.MinMonthlySavings is null || (f.MonthlySavings is { } s && s >= filter.MinMonthlySavings));

    /// <summary>The current hour, or the hour after the last idle-metric sample when that is earlier.</summary>
    public async Task<DateTime> AsOfAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var hour = new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerHour), DateTimeKind.Utc);
        using var connection = database.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = StoreSql.Load("Idle/idle_data_end.sql");
        var o = options.Value;
        command.Parameters.Add(new DuckDBParameter("metrics", JsonSerializer.Serialize(o.Metrics.RollupMetrics().Select(p => p.Value))));
        if (await command.ExecuteScalarAsync(cancellationToken) is not DateTime last)
        {
            return hour;
        }
        var after = new DateTime(last.Ticks - (last.Ticks % TimeSpan.TicksPerHour), DateTimeKind.Utc).AddHours(1);
        return after < hour ? after : hour;
    }

    private async Task<List<IdleResourceStats>> ReadAsync(DateTime asOf, CancellationToken cancellationToken)
    {
        var o = options.Value;
        using var connection = utilisation.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = StoreSql.Load("Idle/idle_resources.sql");
        command.Parameters.Add(Time("as_of", asOf));
        command.Parameters.Add(Time("from", asOf.AddDays(-o.ScheduledLookbackDays)));
        command.Parameters.Add(Time("long_from", asOf.AddDays(-o.VmWindowDays)));
        command.Parameters.Add(Time("short_from", asOf.AddDays(-o.K8sWindowDays)));
        command.Parameters.Add(Time("billing_from", asOf.AddDays(-o.BillingDays)));
        command.Parameters.Add(new DuckDBParameter("metrics", JsonSerializer.Serialize(o.Metrics.RollupMetrics().Select(p => new { dimension = p.Key, metric = p.Value }))));
        command.Parameters.Add(utilisation.ResourceLabelsParameter());
        command.Parameters.Add(new DuckDBParameter("requested", JsonSerializer.Serialize(o.Metrics.RequestedNames)));
        command.Parameters.Add(new DuckDBParameter("terminated", JsonSerializer.Serialize(o.Metrics.LastTerminatedReasonNames)));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<IdleResourceStats>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(Read(reader));
        }
        return rows;
    }

    private static IdleResourceStats Read(DbDataReader reader)
    {
        IdleBillingEvidence? billing = reader.IsDBNull(19) ? null : new IdleBillingEvidence(
            Utc(reader, 22), Utc(reader, 23), reader.GetInt64(20), reader.GetDecimal(21), reader.GetString(19));
        return new IdleResourceStats(
            reader.GetString(0), Text(reader, 1), Text(reader, 2), Text(reader, 3), Text(reader, 4), Utc(reader, 5), Utc(reader, 6),
            (JsonSerializer.Deserialize<List<IdleDay>>(reader.GetString(7), DayJson) ?? []).Select(Stable).ToList(), Tags(Text(reader, 24)), billing,
            Number(reader, 8), Number(reader, 9), Number(reader, 10), Number(reader, 11), Number(reader, 12), Number(reader, 13),
            Number(reader, 14), Number(reader, 15), Number(reader, 16), Number(reader, 17), reader.GetBoolean(18));
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
