using System.Globalization;
using Platform.Insights.Demo.Model;

namespace Platform.Insights.Demo.Logs;

/// <summary>
/// The per-day events of one service that need no state across days: CI builds, environment provisioning
/// and ordinary warn/error logs (with a burst of errors during each outage). Build times shrink and
/// self-service provisioning grows over the window, as the platform KPIs expect.
/// </summary>
internal static class DailyEvents
{
    private static readonly string[] EnvironmentKinds = ["preview", "dev", "staging", "load-test"];

    public static void AddBuilds(OrganisationModel model, ServiceModel service, int day, long dayStartMs, List<EcsEvent> events)
    {
        var r = RandomStreams.For(model.Seed, "logs.builds", service.Index, day);
        var weekend = TrafficShape.IsWeekend(TrafficShape.DayOfWeekOf(dayStartMs / 1000));
        var count = (int)(service.BuildRate * (weekend ? 1.5 : 12) * r.Between(0.7, 1.3));
        var progress = Progress(model, day);
        for (var i = 0; i < count; i++)
        {
            var end = dayStartMs + (7 * 3_600_000L) + (long)(r.NextDouble() * 14 * 3_600_000);
            var minutes = service.BuildMinutes * (1 - (0.25 * progress)) * r.Between(0.6, 1.4);
            var durationMs = (long)(minutes * 60_000);
            var failed = r.Chance(0.1);
            var main = r.Chance(0.35);
            events.Add(new EcsEvent
            {
                TimestampMs = end,
                Id = EventIds.Create(model.Seed, EventIds.Build, service.Index, day, i),
                Dataset = "ci.builds",
                Action = "build",
                Outcome = failed ? "failure" : "success",
                Service = service.Name,
                Environment = "ci",
                StartMs = end - durationMs,
                DurationNs = durationMs * 1_000_000,
                Labels =
                [
                    new("branch", main ? "main" : "feature/" + r.Hex(6)),
                    new("commit_sha", r.Hex(40)),
                    new("pipeline", service.DeploysViaPlatform ? "platform" : "jenkins-legacy"),
                ],
                Message = failed ? $"CI build of {service.Name} failed: test stage exited with code 1" : $"CI build of {service.Name} succeeded",
            });
        }
    }

    public static void AddProvisioning(OrganisationModel model, ServiceModel service, int day, long dayStartMs, List<EcsEvent> events)
    {
        var r = RandomStreams.For(model.Seed, "logs.provisioning", service.Index, day);
        if (TrafficShape.IsWeekend(TrafficShape.DayOfWeekOf(dayStartMs / 1000)) || !r.Chance(0.25))
        {
            return;
        }
        var viaPlatform = r.Chance(0.7 + (0.22 * Progress(model, day)));
        var durationMs = viaPlatform
            ? (long)(r.Between(4, 25) * 60_000)
            : (long)((6 + (114 * r.NextDouble() * r.NextDouble())) * 3_600_000); // a ticket: 6 hours to 5 days
        var end = dayStartMs + (7 * 3_600_000L) + (long)(r.NextDouble() * 13 * 3_600_000);
        var kind = EnvironmentKinds[r.Next(EnvironmentKinds.Length)];
        var name = kind + "-" + r.Hex(5);
        var failed = r.Chance(0.04);
        events.Add(new EcsEvent
        {
            TimestampMs = end,
            Id = EventIds.Create(model.Seed, EventIds.Provisioning, service.Index, day, 0),
            Dataset = "platform.provisioning",
            Action = "environment-provisioning",
            Outcome = failed ? "failure" : "success",
            Service = service.Name,
            Environment = kind,
            StartMs = end - durationMs,
            DurationNs = durationMs * 1_000_000,
            Labels = [new("requested_via", viaPlatform ? "platform" : "ticket"), new("environment_name", name), new("team", service.Team.Name)],
            Message = $"Environment {name} for {service.Name} {(failed ? "failed to provision" : "provisioned")} via {(viaPlatform ? "the platform" : "a ticket")}",
        });
    }

    public static void AddApplicationLogs(OrganisationModel model, ServiceModel service, int day, long dayStartMs, string? version, List<EcsEvent> events)
    {
        var r = RandomStreams.For(model.Seed, "logs.app", service.Index, day);
        var weekday = TrafficShape.WeekdayFactor(dayStartMs / 1000);
        var count = (int)(service.LogsPerDay * weekday * r.Between(0.8, 1.2));
        var sequence = 0;
        for (var i = 0; i < count; i++)
        {
            // Rejection sampling on the traffic shape: more warnings when there is more traffic.
            long t;
            do
            {
                t = dayStartMs + (long)(r.NextDouble() * 86_400_000);
            }
            while (r.NextDouble() * 1.05 > TrafficShape.At(t / 1000) / weekday);
            var error = r.Chance(0.35);
            events.Add(AppLog(model, service, day, sequence++, t, error, r.Chance(0.8) ? "production" : "staging", version, r));
        }

        var dayStartMinute = day * 1440;
        foreach (var incident in service.Incidents)
        {
            var from = Math.Max(incident.StartMinute, dayStartMinute);
            var to = Math.Min(incident.EndMinute, dayStartMinute + 1440);
            for (var minute = from; minute < to; minute++)
            {
                var burst = r.Next(8, 26);
                var minuteMs = (model.StartUnix + (minute * 60L)) * 1000;
                for (var i = 0; i < burst; i++)
                {
                    events.Add(AppLog(model, service, day, sequence++, minuteMs + r.Next(60_000), true, "production", version, r));
                }
            }
        }
    }

    private static EcsEvent AppLog(OrganisationModel model, ServiceModel service, int day, int sequence, long t, bool error, string env, string? version, Random r)
    {
        // Another service this one calls (itself only in a one-service organisation).
        var other = r.Next(model.Services.Count);
        var dependency = model.Services[other == service.Index ? (other + 1) % model.Services.Count : other].Name;
        var template = error ? r.Next(NameCatalogue.ErrorMessages.Length) : r.Next(NameCatalogue.WarnMessages.Length);
        return new EcsEvent
        {
            TimestampMs = t,
            Id = EventIds.Create(model.Seed, EventIds.Log, service.Index, day, sequence),
            Dataset = service.Name + ".app",
            Service = service.Name,
            Environment = env,
            Version = version,
            Level = error ? "error" : "warn",
            ErrorType = error ? NameCatalogue.ErrorTypes[template] : null,
            Message = string.Format(CultureInfo.InvariantCulture, error ? NameCatalogue.ErrorMessages[template] : NameCatalogue.WarnMessages[template], dependency),
        };
    }

    private static double Progress(OrganisationModel model, int day) => model.Days <= 1 ? 0 : day / (double)(model.Days - 1);
}
