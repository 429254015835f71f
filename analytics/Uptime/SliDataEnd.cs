using Microsoft.Extensions.Options;
using Platform.Insights.Analytics.Store;

namespace Platform.Insights.Analytics.Uptime;

/// <summary>
/// "As of" for the uptime KPIs: now (the injected <see cref="TimeProvider"/>), unless the SLI data ends earlier —
/// then the minute after the last SLI sample (<c>Uptime/sli_data_end.sql</c>), so an old import reports the
/// windows its data covers instead of empty ones.
/// </summary>
public sealed class SliDataEnd(InsightsDatabase database, TimeProvider time, IOptions<UptimeKpiOptions> options)
{
    public async Task<(DateTime AsOf, bool DataEndsEarlier)> AsOfAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        using var connection = database.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = StoreSql.Load("Uptime/sli_data_end.sql");
        command.Parameters.Add(UptimeSql.Json("metrics", options.Value.ProbeMetricNames.Concat(options.Value.RequestMetricNames).ToArray()));
        var value = await command.ExecuteScalarAsync(cancellationToken);
        if (value is not DateTime last)
        {
            return (now, false);
        }
        var end = new DateTime(last.Ticks - (last.Ticks % TimeSpan.TicksPerMinute), DateTimeKind.Utc).AddMinutes(1);
        return end < now ? (end, true) : (now, false);
    }
}
