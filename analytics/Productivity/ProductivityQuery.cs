using System.Data.Common;
using Microsoft.Extensions.Options;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Analytics.Uptime;

namespace Platform.Insights.Analytics.Productivity;

/// <summary>
/// The platform KPIs per service, team or org (<c>Productivity/productivity.sql</c>): the SQL returns counts,
/// percentiles and medians for the window and the baseline; <see cref="DeliveryTrend"/> turns them into shares,
/// changes and targets met.
/// </summary>
public sealed class ProductivityQuery(InsightsDatabase database, IOptions<ProductivityOptions> options)
{
    /// <summary>The rows of one window; the baseline is the configured period, else the one of equal length before it.</summary>
    public async Task<IReadOnlyList<ProductivityRow>> ForAsync(UptimeScope scope, string? service, string? team, UptimeWindow window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(window);
        var o = options.Value;
        var (baseFrom, baseTo) = o.Baseline.For(window.From, window.To);
        using var connection = database.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = StoreSql.Load("Productivity/productivity.sql");
        command.Parameters.Add(UptimeSql.Time("from", window.From));
        command.Parameters.Add(UptimeSql.Time("to", window.To));
        command.Parameters.Add(UptimeSql.Time("base_from", baseFrom));
        command.Parameters.Add(UptimeSql.Time("base_to", baseTo));
        command.Parameters.Add(UptimeSql.Json("environments", o.ProductionEnvironmentNames.Select(e => e.ToLowerInvariant()).ToArray()));
        var (inLabels, nestedPath, flatPath) = o.PlatformFieldPaths();
        command.Parameters.Add(UptimeSql.Json("pipelines", o.PlatformPipelineNames));
        command.Parameters.Add(new DuckDB.NET.Data.DuckDBParameter("pipeline_in_labels", inLabels));
        command.Parameters.Add(UptimeSql.Text("pipeline_path", nestedPath));
        command.Parameters.Add(UptimeSql.Text("pipeline_flat_path", flatPath));
        command.Parameters.Add(UptimeSql.Text("scope", scope.ToString().ToLowerInvariant()));
        command.Parameters.Add(UptimeSql.Text("service", service));
        command.Parameters.Add(UptimeSql.Text("team", team));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<ProductivityRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(Row(reader, scope, window, baseFrom, baseTo, o));
        }
        return rows;
    }

    private static ProductivityRow Row(DbDataReader r, UptimeScope scope, UptimeWindow window, DateTime baseFrom, DateTime baseTo, ProductivityOptions o)
    {
        var (services, adoptedServices, teams, adoptedTeams) = (r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5));
        var (builds, succeeded, failed) = (r.GetInt64(6), r.GetInt64(7), r.GetInt64(8));
        var cycle = UptimeSql.Double(r, 12) / 3600;
        var baseCycle = UptimeSql.Double(r, 14) / 3600;
        var cycleChange = DeliveryTrend.Change(cycle, baseCycle);
        var setupP50 = UptimeSql.Double(r, 16) / 60;
        var baseSetupP50 = UptimeSql.Double(r, 19) / 60;
        var setupChange = DeliveryTrend.Change(setupP50, baseSetupP50);
        var (provisioned, selfService) = (r.GetInt64(21), r.GetInt64(22));
        var (logLines, errorLogs) = (r.GetInt64(23), r.GetInt64(24));
        var serviceAdoption = DeliveryTrend.Share(adoptedServices, services);
        var selfServiceShare = DeliveryTrend.Share(selfService, provisioned);
        return new ProductivityRow
        {
            Scope = scope,
            Name = r.GetString(0),
            Team = scope == UptimeScope.Org ? null : UptimeSql.String(r, 1),
            From = window.From,
            To = window.To,
            BaselineFrom = baseFrom,
            BaselineTo = baseTo,
            Services = services,
            AdoptedServices = adoptedServices,
            ServiceAdoption = serviceAdoption,
            Teams = teams,
            AdoptedTeams = adoptedTeams,
            TeamAdoption = DeliveryTrend.Share(adoptedTeams, teams),
            AdoptionTargetMet = serviceAdoption is { } a ? a >= o.AdoptionTarget : null,
            Builds = builds,
            BuildsFailed = failed,
            BuildSuccessRate = DeliveryTrend.Share(succeeded, succeeded + failed),
            BuildsPerDay = builds / window.Length.TotalDays,
            BuildP50Minutes = UptimeSql.Double(r, 9) / 60,
            BuildP95Minutes = UptimeSql.Double(r, 10) / 60,
            CycleTimeCount = r.GetInt64(11),
            CycleTimeHours = cycle,
            BaselineCycleTimeCount = r.GetInt64(13),
            BaselineCycleTimeHours = baseCycle,
            CycleTimeChange = cycleChange,
            CycleTimeTargetMet = DeliveryTrend.Met(cycleChange, o.CycleTimeReductionTarget),
            Setups = r.GetInt64(15),
            SetupP50Minutes = setupP50,
            SetupP95Minutes = UptimeSql.Double(r, 17) / 60,
            BaselineSetups = r.GetInt64(18),
            BaselineSetupP50Minutes = baseSetupP50,
            BaselineSetupP95Minutes = UptimeSql.Double(r, 20) / 60,
            SetupTimeChange = setupChange,
            SetupTimeTargetMet = DeliveryTrend.Met(setupChange, o.SetupTimeReductionTarget),
            SelfServiceShare = selfServiceShare,
            SelfServiceTargetMet = selfServiceShare is { } s ? s >= o.SelfServiceTarget : null,
            LogLines = logLines,
            ErrorLogs = errorLogs,
            ErrorLogShare = DeliveryTrend.Share(errorLogs, logLines),
            ErrorLogsPerHour = errorLogs / window.Length.TotalHours,
        };
    }
}
