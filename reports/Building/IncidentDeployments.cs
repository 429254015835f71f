using System.Text.Json;
using DuckDB.NET.Data;
using Microsoft.Extensions.Options;
using Platform.Insights.Analytics.Productivity;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Analytics.Uptime;

namespace Platform.Insights.Reports.Building;

/// <summary>
/// Links incidents to the deployment of the same service that finished before each started, within
/// <c>Insights:Reports:IncidentDeploymentWindow</c> (<c>incident_deployments.sql</c>): what the incidents table and the
/// highlights name as the likely change behind an outage.
/// </summary>
public sealed class IncidentDeployments(InsightsDatabase database, IOptions<ProductivityOptions> productivity, IOptions<ReportsOptions> options)
{
    public async Task<IReadOnlyDictionary<string, LinkedDeployment>> LinkAsync(IReadOnlyList<Incident> incidents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incidents);
        if (incidents.Count == 0)
        {
            return new Dictionary<string, LinkedDeployment>(StringComparer.Ordinal);
        }
        using var connection = database.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = ReportSql.Load("incident_deployments.sql");
        command.Parameters.Add(new DuckDBParameter("environments", JsonSerializer.Serialize(productivity.Value.ProductionEnvironmentNames.Select(e => e.ToLowerInvariant()))));
        command.Parameters.Add(new DuckDBParameter("incidents", JsonSerializer.Serialize(incidents.Select(i => new Dictionary<string, string>
        {
            ["id"] = i.Id,
            ["service"] = i.Service,
            ["start_ts"] = i.Start.ToString("yyyy-MM-dd HH:mm:ss.ffffff", System.Globalization.CultureInfo.InvariantCulture),
        }))));
        command.Parameters.Add(new DuckDBParameter("window_s", options.Value.IncidentDeploymentWindow.TotalSeconds));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var links = new Dictionary<string, LinkedDeployment>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetString(0);
            links[id] = new LinkedDeployment(id, reader.GetString(1), DateTime.SpecifyKind(reader.GetDateTime(2), DateTimeKind.Utc), reader.IsDBNull(3) ? null : reader.GetString(3));
        }
        return links;
    }
}
