using DuckDB.NET.Data;
using Microsoft.Extensions.Options;
using Platform.Insights.Analytics.Store;

namespace Platform.Insights.Analytics.Cost;

/// <summary>
/// Each service's daily cost against its trailing baseline (median and MAD, weekday-aware): <c>Cost/cost_anomalies.sql</c>,
/// scored by <see cref="CostAnomalyScore"/> with the <c>Insights:Cost:Anomalies</c> thresholds.
/// </summary>
public sealed class CostAnomalyQuery(InsightsDatabase database, CostAllocation allocation, IOptions<CostKpiOptions> options)
{
    /// <param name="from">First day judged (UTC midnight).</param>
    /// <param name="to">Exclusive end of the days judged; null = through the last day with data.</param>
    /// <param name="team">Only services' costs allocated to this team; null = all.</param>
    public async Task<IReadOnlyList<CostAnomaly>> DetectAsync(DateTime from, DateTime? to, CostBasis basis, string? team, CancellationToken cancellationToken)
    {
        var settings = options.Value.Anomalies;
        using var connection = allocation.OpenReader(database);
        using var command = connection.CreateCommand();
        command.CommandText = StoreSql.Load("Cost/cost_anomalies.sql").Replace("/*COST*/", CostSql.ColumnOf(basis), StringComparison.Ordinal);
        command.Parameters.Add(CostSql.Time("from", from.Date));
        command.Parameters.Add(CostSql.Time("to", to));
        command.Parameters.Add(CostSql.Time("read_from", from.Date.AddDays(-settings.BaselineDays)));
        command.Parameters.Add(new DuckDBParameter("window", settings.BaselineDays));
        command.Parameters.Add(new DuckDBParameter("min_weekday", settings.MinWeekdaySamples));
        command.Parameters.Add(new DuckDBParameter("min_samples", settings.MinSamples));
        command.Parameters.Add(CostSql.Text("team", team));
        command.Parameters.Add(allocation.RulesParameter());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var anomalies = new List<CostAnomaly>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var actual = CostSql.Decimal(reader, 3);
            var expected = reader.GetDouble(4);
            var score = CostAnomalyScore.Of(actual, expected, reader.GetDouble(5), settings);
            if (score.Severity is { } severity)
            {
                anomalies.Add(new CostAnomaly(CostSql.Day(reader, 2), reader.GetString(0), reader.GetString(1), actual,
                    actual - score.Impact, score.Impact, score.Z, severity, (int)reader.GetInt64(6), reader.GetString(7)));
            }
        }
        return [.. anomalies.OrderByDescending(a => Math.Abs(a.Impact)).ThenBy(a => a.Day).ThenBy(a => a.Service, StringComparer.Ordinal)];
    }
}
