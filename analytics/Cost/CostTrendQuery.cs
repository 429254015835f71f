using DuckDB.NET.Data;
using Platform.Insights.Analytics.Store;

namespace Platform.Insights.Analytics.Cost;

/// <summary>Spend per day, ISO week or month, overall or by a <see cref="CostDimension"/>, per currency: <c>Cost/cost_trend.sql</c>.</summary>
public sealed class CostTrendQuery(InsightsDatabase database, CostAllocation allocation)
{
    public const string AllGroup = "(all)";

    /// <param name="by">The dimension to split each period by; null = one group, <c>(all)</c>.</param>
    /// <param name="from">Inclusive lower bound on ChargePeriodStart (UTC); null = unbounded.</param>
    /// <param name="to">Exclusive upper bound on ChargePeriodStart (UTC); null = unbounded.</param>
    /// <param name="team">Only rows allocated to this team (a team-limited caller); null = all.</param>
    public async Task<IReadOnlyList<CostTrendRow>> EveryAsync(CostInterval every, CostDimension? by, DateTime? from, DateTime? to, string? team, CancellationToken cancellationToken)
    {
        var group = by is { } d ? CostDimensions.ExpressionOf(d) : "'" + AllGroup + "'";
        var sql = StoreSql.Load("Cost/cost_trend.sql").Replace("/*GROUP*/", group, StringComparison.Ordinal);
        using var connection = allocation.OpenReader(database);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.Add(new DuckDBParameter("interval", every.ToString().ToLowerInvariant()));
        command.Parameters.Add(CostSql.Time("from", from));
        command.Parameters.Add(CostSql.Time("to", to));
        command.Parameters.Add(CostSql.Text("team", team));
        command.Parameters.Add(allocation.RulesParameter());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<CostTrendRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new CostTrendRow(
                CostSql.Day(reader, 0),
                reader.GetString(1),
                reader.GetString(2),
                CostSql.Decimal(reader, 3),
                CostSql.Decimal(reader, 4),
                reader.GetInt64(5)));
        }
        return rows;
    }
}
