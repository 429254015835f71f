using Platform.Insights.Analytics.Store;

namespace Platform.Insights.Analytics.Cost;

/// <summary>Commitment discount coverage and utilisation and the spot share of compute, per currency: <c>Cost/commitment_discounts.sql</c>.</summary>
public sealed class CommitmentQuery(InsightsDatabase database, CostAllocation allocation)
{
    public async Task<IReadOnlyList<CommitmentRow>> MeasureAsync(DateTime? from, DateTime? to, string? team, CancellationToken cancellationToken)
    {
        using var connection = allocation.OpenReader(database);
        using var command = connection.CreateCommand();
        command.CommandText = StoreSql.Load("Cost/commitment_discounts.sql");
        command.Parameters.Add(CostSql.Time("from", from));
        command.Parameters.Add(CostSql.Time("to", to));
        command.Parameters.Add(CostSql.Text("team", team));
        command.Parameters.Add(allocation.RulesParameter());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<CommitmentRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var (covered, eligible) = (CostSql.Decimal(reader, 1), CostSql.Decimal(reader, 2));
            var (used, unused) = (CostSql.Decimal(reader, 3), CostSql.Decimal(reader, 4));
            var (spot, compute) = (CostSql.Decimal(reader, 5), CostSql.Decimal(reader, 6));
            rows.Add(new CommitmentRow(reader.GetString(0), covered, eligible, CommitmentRow.Share(covered, eligible),
                used, unused, CommitmentRow.Share(used, used + unused), spot, compute, CommitmentRow.Share(spot, compute)));
        }
        return rows;
    }
}
