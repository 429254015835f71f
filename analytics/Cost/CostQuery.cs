using DuckDB.NET.Data;
using Platform.Insights.Analytics.Store;

namespace Platform.Insights.Analytics.Cost;

/// <summary>
/// Spend grouped by a <see cref="CostDimension"/>, per currency, with each FOCUS row allocated to a team,
/// service and environment by <see cref="CostAllocation"/>: <c>Cost/cost_by.sql</c>.
/// </summary>
public sealed class CostQuery(InsightsDatabase database, CostAllocation allocation)
{
    private const string GroupPlaceholder = "/*GROUP*/";

    /// <param name="from">Inclusive lower bound on ChargePeriodStart (UTC); null = unbounded.</param>
    /// <param name="to">Exclusive upper bound on ChargePeriodStart (UTC); null = unbounded.</param>
    /// <param name="team">Only rows allocated to this team (a team-limited caller); null = all.</param>
    public async Task<IReadOnlyList<CostRow>> ByAsync(CostDimension by, DateTime? from, DateTime? to, string? team, CancellationToken cancellationToken)
    {
        var sql = StoreSql.Load("Cost/cost_by.sql").Replace(GroupPlaceholder, CostDimensions.ExpressionOf(by), StringComparison.Ordinal);
        using var connection = allocation.OpenReader(database);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.Add(new DuckDBParameter("from", from is { } f ? DateTime.SpecifyKind(f, DateTimeKind.Unspecified) : DBNull.Value));
        command.Parameters.Add(new DuckDBParameter("to", to is { } t ? DateTime.SpecifyKind(t, DateTimeKind.Unspecified) : DBNull.Value));
        command.Parameters.Add(new DuckDBParameter("team", (object?)team ?? DBNull.Value));
        command.Parameters.Add(allocation.RulesParameter());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<CostRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new CostRow(
                reader.GetString(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? 0m : reader.GetDecimal(2),
                reader.IsDBNull(3) ? 0m : reader.GetDecimal(3),
                reader.GetInt64(4),
                reader.IsDBNull(5) ? null : reader.GetDouble(5)));
        }
        return rows;
    }
}
