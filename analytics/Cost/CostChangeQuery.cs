using DuckDB.NET.Data;
using Microsoft.Extensions.Options;
using Platform.Insights.Analytics.Store;

namespace Platform.Insights.Analytics.Cost;

/// <summary>
/// Spend per day vs the previous period of equal length and vs the configured baseline
/// (<c>Insights:Cost:Baseline</c>), per team and overall: <c>Cost/cost_change.sql</c>.
/// </summary>
public sealed class CostChangeQuery(InsightsDatabase database, CostAllocation allocation, IOptions<CostKpiOptions> options)
{
    /// <param name="from">Inclusive start of the current period (UTC).</param>
    /// <param name="to">Exclusive end of the current period (UTC); the previous period is [from − (to − from), from).</param>
    /// <param name="team">Only this team (a team-limited caller; no '(all)' row); null = every team and '(all)'.</param>
    public async Task<IReadOnlyList<CostChangeRow>> CompareAsync(DateTime from, DateTime to, CostBasis basis, string? team, CancellationToken cancellationToken)
    {
        if (to <= from)
        {
            throw new ArgumentException("the period must end after it starts", nameof(to));
        }
        var baseline = options.Value.Baseline;
        DateTime? baselineFrom = baseline.From is { } bf ? CostSql.Midnight(bf) : null;
        DateTime? baselineTo = baseline.To is { } bt ? CostSql.Midnight(bt) : null;
        var days = CostChange.Days(from, to);
        var baselineDays = baselineFrom is { } a && baselineTo is { } b ? CostChange.Days(a, b) : 0m;

        using var connection = allocation.OpenReader(database);
        using var command = connection.CreateCommand();
        command.CommandText = StoreSql.Load("Cost/cost_change.sql").Replace("/*COST*/", CostSql.ColumnOf(basis), StringComparison.Ordinal);
        command.Parameters.Add(CostSql.Time("from", from));
        command.Parameters.Add(CostSql.Time("to", to));
        command.Parameters.Add(CostSql.Time("previous_from", from - (to - from)));
        command.Parameters.Add(CostSql.Time("baseline_from", baselineFrom ?? from));
        command.Parameters.Add(CostSql.Time("baseline_to", baselineTo ?? from));
        command.Parameters.Add(CostSql.Text("team", team));
        command.Parameters.Add(allocation.RulesParameter());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<CostChangeRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var cost = CostSql.Decimal(reader, 2);
            var daily = CostChange.PerDay(cost, days);
            decimal? previous = reader.IsDBNull(3) ? null : CostChange.PerDay(reader.GetDecimal(3), days);
            decimal? baselineDaily = baselineDays > 0 && !reader.IsDBNull(4) ? CostChange.PerDay(reader.GetDecimal(4), baselineDays) : null;
            rows.Add(new CostChangeRow(reader.GetString(0), reader.GetString(1), cost, daily,
                previous, CostChange.Ratio(daily, previous), baselineDaily, CostChange.Ratio(daily, baselineDaily)));
        }
        return rows;
    }
}
