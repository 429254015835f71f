using System.Globalization;

namespace Platform.Insights.Demo.Model;

/// <summary>
/// Plans outages per service: a few per month, most 1–4 minutes, some 10–25; the unreliable services add
/// 30–90 minute ones so they end clearly below 99.9 %. About a third start shortly after a production
/// deployment (change failures). Incidents never overlap and always have an up minute before and after.
/// </summary>
internal static class IncidentPlanner
{
    private const int Gap = 15;

    public static List<PlannedIncident> Plan(DemoOrganisationOptions options, IReadOnlyList<ServiceModel> services)
    {
        var spans = new List<(ServiceModel Service, int Start, int End, string? Deployment)>();
        foreach (var service in services)
        {
            var r = RandomStreams.For(options.Seed, "incidents", service.Index);
            var planned = new List<(int Start, int End, string? Deployment)>();
            var normal = Count(r, r.Between(1.5, 4.0) * options.Days / 30.0);
            // Ordinary services keep their longer outages within ~80 % of a 99.9 % error budget, so only
            // the unreliable ones end clearly below it.
            var budget = options.Days * 1440 * 0.0008;
            for (var i = 0; i < normal; i++)
            {
                var length = r.Chance(0.85) ? r.Next(1, 5) : r.Next(10, 26);
                if (length < 10 || planned.Sum(p => p.End - p.Start) + length <= budget)
                {
                    TryPlace(options, service, r, length, planned);
                }
            }
            if (service.Unreliable)
            {
                var longOnes = Math.Max(1, Count(r, 2.5 * options.Days / 30.0));
                for (var i = 0; i < longOnes; i++)
                {
                    TryPlace(options, service, r, r.Next(30, 91), planned);
                }
            }
            spans.AddRange(planned.Select(p => (service, p.Start, p.End, p.Deployment)));
        }

        spans.Sort(static (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.Service.Index.CompareTo(b.Service.Index));
        var result = new List<PlannedIncident>(spans.Count);
        var perService = new int[services.Count];
        foreach (var (service, start, end, deployment) in spans)
        {
            var length = end - start;
            var info = new DemoIncident(
                string.Create(CultureInfo.InvariantCulture, $"INC-{result.Count + 1:D5}"),
                service.Name, AtMinute(options, start), AtMinute(options, end),
                length >= 30 ? 1 : length >= 10 ? 2 : 3, deployment);
            var eventId = EventIds.Create(options.Seed, EventIds.Incident, service.Index, 0, perService[service.Index]++);
            var incident = new PlannedIncident(service.Index, start, end, eventId, info);
            service.Incidents.Add(incident);
            result.Add(incident);
        }
        return result;
    }

    private static void TryPlace(DemoOrganisationOptions options, ServiceModel service, Random r, int length, List<(int Start, int End, string? Deployment)> planned)
    {
        var minutes = options.Days * 1440;
        var startUnix = OrganisationModel.ToUnix(options.StartDate);
        if (length + 2 > minutes)
        {
            return;
        }
        for (var attempt = 0; attempt < 25; attempt++)
        {
            string? deployment = null;
            int start;
            var day = r.Next(options.Days);
            var linked = r.Chance(0.35)
                ? DeploymentSchedule.ForDay(options, service, day).Where(d => d.Environment == "production" && d.Succeeded).ToList()
                : [];
            if (linked.Count > 0)
            {
                var cause = linked[r.Next(linked.Count)];
                start = (int)(((cause.FinishedMs / 1000) - startUnix) / 60) + r.Next(5, 46);
                deployment = cause.EventId;
            }
            else
            {
                start = r.Next(1, minutes - length);
            }
            var end = start + length;
            if (start < 1 || end > minutes - 1 || planned.Any(p => start < p.End + Gap && p.Start < end + Gap))
            {
                continue;
            }
            planned.Add((start, end, deployment));
            return;
        }
    }

    private static DateTimeOffset AtMinute(DemoOrganisationOptions options, int minute) =>
        DateTimeOffset.FromUnixTimeSeconds(OrganisationModel.ToUnix(options.StartDate) + (minute * 60L));

    private static int Count(Random r, double expected)
    {
        var whole = (int)expected;
        return whole + (r.Chance(expected - whole) ? 1 : 0);
    }
}
