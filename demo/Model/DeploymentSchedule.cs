namespace Platform.Insights.Demo.Model;

/// <summary>
/// The deployments of one service on one day, as a pure function of (seed, service, day): the incident
/// planner and the logs writer both ask for them without keeping months of deployments in memory.
/// Production deploys a few times a week, staging several times a day, during working hours; some fail
/// and most failures get a fix deployment the same day.
/// </summary>
internal static class DeploymentSchedule
{
    public static List<PlannedDeployment> ForDay(DemoOrganisationOptions options, ServiceModel service, int day)
    {
        var r = RandomStreams.For(options.Seed, "logs.deployments", service.Index, day);
        var dayStart = OrganisationModel.ToUnix(options.StartDate) + (day * 86_400L);
        var weekend = TrafficShape.IsWeekend(TrafficShape.DayOfWeekOf(dayStart));
        // Lead times shrink over the window: the platform's effect the productivity KPIs should show.
        var progress = options.Days <= 1 ? 0 : day / (double)(options.Days - 1);
        var experimental = service.Lifecycle == "experimental" ? 0.3 : 1.0;

        var production = Count(r, service.DeployRate * experimental * (weekend ? 0.05 : 0.6));
        var staging = Count(r, service.DeployRate * (weekend ? 0.3 : 3.5));
        var result = new List<PlannedDeployment>(production + staging + 1);
        var sequence = 0;
        for (var i = 0; i < production + staging; i++)
        {
            var env = i < production ? "production" : "staging";
            var finishedSec = dayStart + (8 * 3600) + r.Next(10 * 3600);
            var durationSec = r.Next(180, 900);
            var leadHours = 1 + (110 * r.NextDouble() * r.NextDouble() * (1 - (0.35 * progress)));
            var failed = r.Chance(env == "production" ? 0.09 : 0.12);
            var id = EventIds.Create(options.Seed, EventIds.Deployment, service.Index, day, sequence++);
            result.Add(new PlannedDeployment(id, env, (finishedSec - durationSec) * 1000, finishedSec * 1000,
                (finishedSec * 1000) - (long)(leadHours * 3_600_000), r.Hex(40), !failed, null));

            if (failed && env == "production" && r.Chance(0.85))
            {
                // Roll forward: a small fix committed after the failure, deployed 20 minutes to 4 hours later.
                var fixFinished = finishedSec + r.Next(20 * 60, 4 * 3600);
                var fixDuration = r.Next(180, 600);
                var fixCommit = finishedSec + r.Next(60, (int)Math.Max(120, fixFinished - finishedSec - fixDuration));
                result.Add(new PlannedDeployment(
                    EventIds.Create(options.Seed, EventIds.Deployment, service.Index, day, sequence++), env,
                    (fixFinished - fixDuration) * 1000, fixFinished * 1000, Math.Min(fixCommit, fixFinished - fixDuration) * 1000,
                    r.Hex(40), true, id));
            }
        }
        result.Sort(static (a, b) => a.FinishedMs != b.FinishedMs
            ? a.FinishedMs.CompareTo(b.FinishedMs)
            : string.CompareOrdinal(a.EventId, b.EventId));
        return result;
    }

    private static int Count(Random r, double expected)
    {
        var whole = (int)expected;
        return whole + (r.Chance(expected - whole) ? 1 : 0);
    }
}
