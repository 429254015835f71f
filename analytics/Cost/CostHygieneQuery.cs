using Platform.Insights.Analytics.Store;

namespace Platform.Insights.Analytics.Cost;

/// <summary>Unallocated share and tag coverage per account and currency: <c>Cost/cost_hygiene.sql</c>.</summary>
public sealed class CostHygieneQuery(InsightsDatabase database, CostAllocation allocation)
{
    public async Task<IReadOnlyList<CostHygieneRow>> PerAccountAsync(DateTime? from, DateTime? to, CostBasis basis, string? team, CancellationToken cancellationToken)
    {
        using var connection = allocation.OpenReader(database);
        using var command = connection.CreateCommand();
        command.CommandText = StoreSql.Load("Cost/cost_hygiene.sql").Replace("/*COST*/", CostSql.ColumnOf(basis), StringComparison.Ordinal);
        command.Parameters.Add(CostSql.Time("from", from));
        command.Parameters.Add(CostSql.Time("to", to));
        command.Parameters.Add(CostSql.Text("team", team));
        command.Parameters.Add(allocation.RulesParameter());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<CostHygieneRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var cost = CostSql.Decimal(reader, 3);
            var (unallocated, tagged) = (CostSql.Decimal(reader, 4), CostSql.Decimal(reader, 5));
            rows.Add(new CostHygieneRow(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2),
                cost, unallocated, CommitmentRow.Share(unallocated, cost), tagged, CommitmentRow.Share(tagged, cost)));
        }
        return rows;
    }
}
