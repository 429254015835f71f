using System.Text.Json;
using Microsoft.Extensions.Options;
using Platform.Insights.Analytics.Store;

namespace Platform.Insights.Analytics.Cost;

/// <summary>Cost per 1,000 requests per service (request counters from the metric store): <c>Cost/unit_cost.sql</c>.</summary>
public sealed class UnitCostQuery(InsightsDatabase database, CostAllocation allocation, IOptions<CostKpiOptions> options)
{
    public async Task<IReadOnlyList<UnitCostRow>> PerServiceAsync(DateTime? from, DateTime? to, string? team, CancellationToken cancellationToken)
    {
        using var connection = allocation.OpenReader(database);
        using var command = connection.CreateCommand();
        command.CommandText = StoreSql.Load("Cost/unit_cost.sql");
        command.Parameters.Add(CostSql.Time("from", from));
        command.Parameters.Add(CostSql.Time("to", to));
        command.Parameters.Add(CostSql.Text("team", team));
        command.Parameters.Add(CostSql.Text("metrics", JsonSerializer.Serialize(options.Value.RequestMetricNames)));
        command.Parameters.Add(allocation.RulesParameter());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<UnitCostRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var (billed, effective) = (CostSql.Decimal(reader, 2), CostSql.Decimal(reader, 3));
            var requests = CostSql.Double(reader, 4);
            rows.Add(new UnitCostRow(reader.GetString(0), reader.GetString(1), billed, effective, requests,
                UnitCostRow.Per1000(billed, requests), UnitCostRow.Per1000(effective, requests)));
        }
        return rows;
    }
}
