using Platform.Insights.Demo.Model;
using Platform.Insights.Demo.Writing;

namespace Platform.Insights.Demo.Logs;

/// <summary>
/// Writes <c>logs/events-&lt;yyyy-MM-dd&gt;.ndjson</c>: every ECS event of that UTC day, sorted by
/// <c>@timestamp</c> (then <c>event.id</c>). Days are written in order because service versions carry
/// from one day's deployments to the next.
/// </summary>
internal static class LogsWriter
{
    public static async Task<(List<DemoFile> Files, DemoDeploymentSummary Deployments)> WriteAsync(
        OrganisationModel model, string root, IProgress<DemoProgress>? progress, CancellationToken cancellationToken)
    {
        var versions = model.Services.Select(s => new DeploymentVersions(s.VersionMajor, s.VersionMinor)).ToArray();
        var incidentsByDay = model.Incidents.ToLookup(i => i.StartMinute / 1440);
        var summary = new DeploymentCounter();
        var files = new List<DemoFile>(model.Days);
        var events = new List<EcsEvent>();
        for (var day = 0; day < model.Days; day++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            events.Clear();
            var dayStartMs = (model.StartUnix + (day * 86_400L)) * 1000;
            foreach (var service in model.Services)
            {
                var dayVersion = versions[service.Index].Current;
                AddDeployments(model, service, day, versions[service.Index], summary, events);
                DailyEvents.AddBuilds(model, service, day, dayStartMs, events);
                DailyEvents.AddProvisioning(model, service, day, dayStartMs, events);
                DailyEvents.AddApplicationLogs(model, service, day, dayStartMs, dayVersion, events);
            }
            foreach (var incident in incidentsByDay[day])
            {
                events.Add(IncidentEvent(model, incident, versions[incident.ServiceIndex].Current));
            }
            events.Sort(EcsEvent.Compare);
            files.Add(await WriteDayAsync(model, day, events, root, progress, cancellationToken));
        }
        return (files, summary.ToSummary());
    }

    private static async Task<DemoFile> WriteDayAsync(OrganisationModel model, int day, List<EcsEvent> events, string root, IProgress<DemoProgress>? progress, CancellationToken cancellationToken)
    {
        var date = model.StartDate.AddDays(day).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var file = new OutputFile(root, $"logs/events-{date}.ndjson", DemoFileKind.Logs, progress);
        await using (file)
        {
            var json = new EcsJson(file.Buffer);
            var byAction = new SortedDictionary<string, long>(StringComparer.Ordinal);
            foreach (var e in events)
            {
                json.Write(e);
                var action = e.Action ?? "log";
                byAction[action] = byAction.GetValueOrDefault(action) + 1;
                await file.FlushIfFullAsync(cancellationToken);
            }
            await file.CompleteAsync(cancellationToken);
            return new DemoFile(file.RelativePath, DemoFileKind.Logs, file.Lines, file.Bytes, Events: events.Count, EventsByAction: byAction);
        }
    }

    private static void AddDeployments(OrganisationModel model, ServiceModel service, int day, DeploymentVersions versions, DeploymentCounter summary, List<EcsEvent> events)
    {
        var pipeline = service.DeploysViaPlatform ? "platform" : "jenkins-legacy";
        foreach (var d in DeploymentSchedule.ForDay(model.Options, service, day))
        {
            var production = d.Environment == "production";
            var version = production ? versions.Production(d.Succeeded, d.FixesEventId is not null) : versions.Staging();
            summary.Add(production, d.Succeeded, d.FixesEventId is not null);
            var labels = new List<KeyValuePair<string, string>>
            {
                new("commit_sha", d.CommitSha),
                new("first_commit_at", EcsJson.Timestamp(d.FirstCommitMs)),
                new("pipeline", pipeline),
                new("team", service.Team.Name),
            };
            if (d.FixesEventId is not null)
            {
                labels.Add(new("fixes_event_id", d.FixesEventId));
            }
            events.Add(new EcsEvent
            {
                TimestampMs = d.FinishedMs,
                Id = d.EventId,
                Dataset = "platform.deployments",
                Action = "deployment",
                Outcome = d.Succeeded ? "success" : "failure",
                Service = service.Name,
                Environment = d.Environment,
                Version = version,
                StartMs = d.StartMs,
                DurationNs = (d.FinishedMs - d.StartMs) * 1_000_000,
                Labels = labels,
                Message = d.Succeeded
                    ? $"Deployed {service.Name} {version} to {d.Environment}"
                    : $"Deployment of {service.Name} {version} to {d.Environment} failed: health checks did not pass",
            });
        }
    }

    private static EcsEvent IncidentEvent(OrganisationModel model, PlannedIncident incident, string version)
    {
        var info = incident.Info;
        var labels = new List<KeyValuePair<string, string>> { new("incident_id", info.Id) };
        if (info.DeploymentId is not null)
        {
            labels.Add(new("deployment_id", info.DeploymentId));
        }
        var minutes = incident.EndMinute - incident.StartMinute;
        return new EcsEvent
        {
            TimestampMs = info.Start.ToUnixTimeMilliseconds(),
            Id = incident.EventId,
            Dataset = "platform.incidents",
            Action = "incident",
            Service = info.Service,
            Environment = "production",
            Version = version,
            StartMs = info.Start.ToUnixTimeMilliseconds(),
            EndMs = info.End.ToUnixTimeMilliseconds(),
            DurationNs = minutes * 60_000_000_000L,
            Severity = info.Severity,
            Labels = labels,
            Message = $"SEV{info.Severity}: {info.Service} unavailable, probe failing for {minutes} min (resolved)",
        };
    }

    private sealed class DeploymentCounter
    {
        private int _production;
        private int _staging;
        private int _failed;
        private int _fixes;

        public void Add(bool production, bool succeeded, bool fix)
        {
            _ = production ? _production++ : _staging++;
            _failed += succeeded ? 0 : 1;
            _fixes += fix ? 1 : 0;
        }

        public DemoDeploymentSummary ToSummary() => new(_production + _staging, _production, _staging, _failed, _fixes);
    }
}
