using System.Globalization;
using FsCheck;
using FsCheck.Xunit;
using Platform.Insights.Analytics.Productivity;
using Platform.Insights.Analytics.Uptime;

namespace Platform.Insights.Analytics.Tests.Productivity;

/// <summary>
/// The DORA SQL against a plain reference of DevLake's incident rules on random deployments (re-sent ids included) and
/// overlapping, open and late incident records of one service, one store reused across cases.
/// </summary>
public sealed class DoraIncidentProperties : IDisposable
{
    private static readonly DateTime Start = new(2024, 9, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly UptimeWindow Window = new("custom", Start.AddDays(2), Start.AddDays(7));
    private readonly DeliveryStore _store = new();

    public void Dispose() => _store.Dispose();

    [Property(MaxTest = 10)]
    public async Task<bool> Failure_rate_recovery_and_restore_follow_devlakes_rules(byte[] deployments, (byte Start, byte Length, bool Open)[] incidents)
    {
        // Deployment rows in 40-minute slots of ten days, ids from a small set so that ids repeat (re-sent / multi-row
        // deployments); incidents start 5 minutes past a slot (never on a deployment's finish), last up to ~2 days or stay open.
        var rows = deployments.Take(12).Select((b, i) => (Id: $"d{b % 5}", At: Start.AddMinutes(40 * (((b * 7) + (i * 53)) % 360))))
            .DistinctBy(r => r.At).ToList();
        var records = incidents.Take(8).Select((x, i) => (Id: $"INC-{i}", Begin: Start.AddMinutes((40 * x.Start) + (i * 400) + 5),
            End: x.Open ? (DateTime?)null : Start.AddMinutes((40 * x.Start) + (i * 400) + 5 + (x.Length * 11) + 1))).ToList();
        await ReplaceEventsAsync(rows, records);

        var web = (await _store.Dora.ForAsync(UptimeScope.Service, "web", null, Window, DoraBenchmarks.Report2023, CancellationToken.None))
            .SingleOrDefault(r => r.Name == "web");

        // Reference: a deployment id finishes at its latest row and is in the window when that is; an incident (seen from the
        // window's start on) links to the id of the latest row strictly before it started.
        var finished = rows.GroupBy(r => r.Id).ToDictionary(g => g.Key, g => g.Max(r => r.At));
        var inWindow = finished.Where(f => f.Value >= Window.From && f.Value < Window.To).Select(f => f.Key).ToHashSet();
        var seen = records.Where(r => r.Begin >= Window.From).ToList();
        var links = seen.Select(r => (Record: r, Deployment: rows.Where(d => d.At < r.Begin).OrderByDescending(d => d.At).Select(d => d.Id).FirstOrDefault())).ToList();
        var failed = inWindow.Count(id => links.Any(l => l.Deployment == id));
        var recovery = links.Where(l => l.Deployment is { } id && inWindow.Contains(id) && l.Record.End >= Window.From && l.Record.End < Window.To)
            .Select(l => (l.Record.End!.Value - finished[l.Deployment!]).TotalHours).Order().ToList();
        var started = seen.Where(r => r.Begin < Window.To).ToList();
        var restore = started.Where(r => r.End is not null).Select(r => (r.End!.Value - r.Begin).TotalHours).Order().ToList();

        if (web is null)
        {
            return inWindow.Count == 0 && started.Count == 0;
        }
        return web.Deployments == inWindow.Count && web.FailedDeployments == failed
               && web.ChangeFailureRate is null == (inWindow.Count == 0) && web.ChangeFailureRate is null or (>= 0 and <= 1)
               && web.RecoveryCount == recovery.Count && Same(web.FailedDeploymentRecoveryHours, DoraMath.Median(recovery))
               && web.Incidents == started.Count && web.RestoreCount == restore.Count && Same(web.TimeToRestoreHours, DoraMath.Median(restore));
    }

    /// <summary>One write per case: the events as the import stores them (one deployment row per copy, one incident event each).</summary>
    private Task ReplaceEventsAsync(List<(string Id, DateTime At)> rows, List<(string Id, DateTime Begin, DateTime? End)> records) =>
        _store.Uptime.Database.WriteAsync(c =>
        {
            var values = rows.Select(r => $"('{r.Id}', {Ts(r.At)}, 'web', 'production', 'deployment', 'success', NULL, NULL, NULL)")
                .Concat(records.Select(r => $"('{r.Id}', {Ts(r.End ?? r.Begin)}, 'web', NULL, 'incident', NULL, {Ts(r.Begin)}, {(r.End is { } e ? Ts(e) : "NULL")}, json_object('incident_id', '{r.Id}'))"))
                .ToList();
            using var command = c.CreateCommand();
            command.CommandText = "DELETE FROM log_events;" + (values.Count == 0 ? "" :
                "INSERT INTO log_events (event_id, ts, service, environment, action, outcome, event_start, event_end, labels, raw) " +
                $"SELECT *, '{{}}' FROM (VALUES {string.Join(", ", values)});");
            command.ExecuteNonQuery();
        }, CancellationToken.None);

    private static string Ts(DateTime t) => "TIMESTAMP '" + t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "'";

    private static bool Same(double? a, double? b) => a is null ? b is null : b is not null && Math.Abs(a.Value - b.Value) < 1e-9;
}
