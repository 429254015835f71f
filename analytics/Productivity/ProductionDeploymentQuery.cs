using Microsoft.Extensions.Options;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Analytics.Uptime;

namespace Platform.Insights.Analytics.Productivity;

/// <summary>
/// Production deployments, successful and failed, as DORA counts them (<c>Productivity/production_deployments.sql</c>):
/// what the dashboards annotate.
/// </summary>
public sealed class ProductionDeploymentQuery(InsightsDatabase database, IOptions<ProductivityOptions> options)
{
    /// <summary>
    /// The deployments finished in [<paramref name="from"/>, <paramref name="to"/>) plus the latest one before
    /// <paramref name="from"/> per service, environment and outcome, in order of finish; <paramref name="from"/> =
    /// <paramref name="to"/> gives only the latest per service, environment and outcome before <paramref name="to"/>.
    /// </summary>
    public async Task<IReadOnlyList<ProductionDeployment>> ForAsync(DateTime from, DateTime to, CancellationToken cancellationToken)
    {
        using var connection = database.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = StoreSql.Load("Productivity/production_deployments.sql");
        command.Parameters.Add(UptimeSql.Time("from", from));
        command.Parameters.Add(UptimeSql.Time("to", to));
        command.Parameters.Add(UptimeSql.Json("environments", options.Value.ProductionEnvironmentNames.Select(e => e.ToLowerInvariant()).ToArray()));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<ProductionDeployment>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new ProductionDeployment(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), UptimeSql.Utc(reader, 4)));
        }
        return rows;
    }
}
