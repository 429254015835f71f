using System.Data.Common;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Analytics.Uptime;

namespace Platform.Insights.Analytics.Productivity;

/// <summary>
/// The DORA four keys per service, team or org over a window (<c>Productivity/dora.sql</c>, DevLake's definitions),
/// graded by <see cref="DoraMath"/>. Incidents come from <see cref="IncidentQuery"/> as DevLake counts them, one per
/// incident record (incident events, and outages detected from probe metrics that no record covers), from the window's
/// start on and as known now: an incident after the window still marks a deployment in it as failed, as in DevLake.
/// </summary>
public sealed class DoraQuery(InsightsDatabase database, IncidentQuery incidents, DeliveryDataEnd dataEnd, IOptions<ProductivityOptions> options)
{
    public const string OrgName = UptimeKpiQuery.OrgName;

    /// <summary>No end: incidents are read up to the newest stored data (DevLake links every incident of the project).</summary>
    private static readonly DateTime IncidentHorizon = new(9999, 12, 31, 0, 0, 0, DateTimeKind.Utc);

    /// <param name="name">Only this service or team; null = all.</param>
    /// <param name="team">A team-limited caller: only this team's services.</param>
    /// <param name="benchmarks">The report whose bands grade the figures; null = the configured one.</param>
    public async Task<DoraReport> ComputeAsync(UptimeScope scope, string? name, string window, DateTime? from, DateTime? to, string? team,
        DoraBenchmarks? benchmarks, CancellationToken cancellationToken)
    {
        var (report, asOf, early) = await dataEnd.WindowAsync(window, from, to, cancellationToken);
        var grading = benchmarks ?? options.Value.Benchmarks;
        if (team is not null && scope == UptimeScope.Team && name is not null && name != team)
        {
            return new DoraReport(asOf, early, report, grading, []);
        }
        var rows = await ForAsync(scope, scope == UptimeScope.Service ? name : null, team ?? (scope == UptimeScope.Team ? name : null), report, grading, cancellationToken);
        return new DoraReport(asOf, early, report, grading, rows);
    }

    /// <summary>The rows of one window for explicit filters (also what <c>insights kpi</c> joins onto its uptime rows).</summary>
    public async Task<IReadOnlyList<DoraRow>> ForAsync(UptimeScope scope, string? service, string? team, UptimeWindow window, DoraBenchmarks benchmarks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(window);
        var found = await incidents.RecordsStartedInAsync(window.From, IncidentHorizon, service, team, cancellationToken);
        using var connection = database.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = StoreSql.Load("Productivity/dora.sql");
        command.Parameters.Add(UptimeSql.Time("from", window.From));
        command.Parameters.Add(UptimeSql.Time("to", window.To));
        command.Parameters.Add(UptimeSql.Json("environments", options.Value.ProductionEnvironmentNames.Select(e => e.ToLowerInvariant()).ToArray()));
        command.Parameters.Add(UptimeSql.Json("incidents", found.Select(i => new IncidentSpan(i.Id, i.Service, UptimeSql.Iso(i.Start), i.End is { } e ? UptimeSql.Iso(e) : null)).ToArray()));
        command.Parameters.Add(UptimeSql.Text("scope", scope.ToString().ToLowerInvariant()));
        command.Parameters.Add(UptimeSql.Text("service", service));
        command.Parameters.Add(UptimeSql.Text("team", team));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<DoraRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(Row(reader, scope, window, benchmarks));
        }
        if (scope == UptimeScope.Org && rows.Count == 0)
        {
            rows.Add(Empty(window, benchmarks));
        }
        return rows;
    }

    private static DoraRow Row(DbDataReader r, UptimeScope scope, UptimeWindow window, DoraBenchmarks benchmarks)
    {
        var deployments = r.GetInt64(3);
        var (perWeek, perMonth, perHalf) = (UptimeSql.Double(r, 5), UptimeSql.Double(r, 6), UptimeSql.Double(r, 7));
        var leadHours = Hours(r, 11);
        var failed = r.GetInt64(12);
        double? cfr = deployments > 0 ? (double)failed / deployments : null;
        var recoveryHours = Hours(r, 14);
        var restoreHours = Hours(r, 17);
        return new DoraRow
        {
            Scope = scope,
            Name = r.GetString(0),
            Team = scope == UptimeScope.Org ? null : UptimeSql.String(r, 1),
            From = window.From,
            To = window.To,
            Benchmarks = benchmarks,
            Services = r.GetInt64(2),
            Deployments = deployments,
            DeploymentDays = r.GetInt64(4),
            DeploymentFrequency = perWeek,
            DeploymentDaysPerMonth = perMonth,
            DeploymentDaysPerSixMonths = perHalf,
            LeadTimeCount = r.GetInt64(10),
            LeadTimeHours = leadHours,
            FailedDeployments = failed,
            ChangeFailureRate = cfr,
            RecoveryCount = r.GetInt64(13),
            FailedDeploymentRecoveryHours = recoveryHours,
            Incidents = r.GetInt64(15),
            RestoreCount = r.GetInt64(16),
            TimeToRestoreHours = restoreHours,
            Bands = new DoraBands(
                DoraMath.DeploymentFrequencyBand(perWeek, perMonth, perHalf, deployments, benchmarks),
                DoraMath.LeadTimeBand(leadHours, benchmarks),
                DoraMath.ChangeFailureRateBand(cfr, benchmarks),
                DoraMath.RecoveryBand(recoveryHours),
                DoraMath.RecoveryBand(restoreHours)),
        };
    }

    private static DoraRow Empty(UptimeWindow window, DoraBenchmarks benchmarks) => new()
    {
        Scope = UptimeScope.Org, Name = OrgName, From = window.From, To = window.To, Benchmarks = benchmarks, Services = 0, Deployments = 0,
        DeploymentDays = 0, LeadTimeCount = 0, FailedDeployments = 0, RecoveryCount = 0, RestoreCount = 0, Incidents = 0,
        Bands = new DoraBands(null, null, null, null, null),
    };

    private static double? Hours(DbDataReader reader, int ordinal) => UptimeSql.Double(reader, ordinal) / 3600;

    private sealed record IncidentSpan(
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("service")] string Service,
        [property: JsonPropertyName("start_ts")] string Start,
        [property: JsonPropertyName("end_ts")] string? End);
}
