using System.Globalization;

namespace Platform.Insights.Demo.Model;

/// <summary>
/// Gives each service 2–3 resources (production and staging compute, often a database or volume), then
/// assigns utilisation profiles by quota (~10 % idle, ~10 % over-provisioned, a couple scheduled) and pricing
/// (Savings Plan coverage for steady production compute, spot for some staging).
/// </summary>
internal static class ResourcePlanner
{
    public const string ProductionAccount = "210987654321";
    public const string StagingAccount = "123456789012";

    public static List<ResourceModel> Plan(DemoOrganisationOptions options, IReadOnlyList<ServiceModel> services, out int? anomalyService)
    {
        var resources = new List<ResourceModel>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var service in services)
        {
            var r = RandomStreams.For(options.Seed, "org.resources", service.Index);
            var compute = r.Chance(0.35) ? ResourceModel.Vm : ResourceModel.K8sWorkload;
            Add(resources, ids, r, service, compute, "production", attached: null);
            Add(resources, ids, r, service, compute, "staging", attached: null);
            if (r.Chance(0.45))
            {
                Add(resources, ids, r, service, ResourceModel.Database, "production", attached: null);
            }
            if (r.Chance(0.25))
            {
                Add(resources, ids, r, service, ResourceModel.Volume, "production", attached: true);
            }
            if (r.Chance(0.08))
            {
                Add(resources, ids, r, service, ResourceModel.Volume, "staging", attached: false);
            }
        }
        if (!resources.Any(x => x.Attached == false))
        {
            // Every organisation has at least one forgotten volume for the idle API to find.
            var last = services[^1];
            Add(resources, ids, RandomStreams.For(options.Seed, "org.orphan"), last, ResourceModel.Volume, "staging", attached: false);
        }

        AssignProfiles(options, resources);
        anomalyService = PickAnomalyService(options, services, resources);
        AssignPricingAndSizes(options, resources, anomalyService);
        return resources;
    }

    private static void Add(List<ResourceModel> resources, HashSet<string> ids, Random r, ServiceModel service, string type, string env, bool? attached)
    {
        var account = env == "production" ? ProductionAccount : StagingAccount;
        var shortEnv = env == "production" ? "prod" : "stg";
        var regionShort = service.Region == "eu-west-1" ? "euw1" : "use1";
        string id;
        string name;
        do
        {
            (id, name) = type switch
            {
                ResourceModel.Vm => ("i-0" + r.Hex(16), $"{service.Name}-{shortEnv}-1"),
                ResourceModel.Volume => ("vol-0" + r.Hex(16), attached == false ? $"{service.Name}-{shortEnv}-old-data" : $"{service.Name}-data"),
                ResourceModel.Database => ($"arn:aws:rds:{service.Region}:{account}:db:{service.Name}-{shortEnv}", $"{service.Name}-{shortEnv}"),
                _ => ($"arn:aws:eks:{service.Region}:{account}:deployment/{shortEnv}-eks-{regionShort}/{service.Team.Name}/{service.Name}", service.Name),
            };
        }
        while (!ids.Add(id));

        resources.Add(new ResourceModel
        {
            Index = resources.Count,
            Id = id,
            Name = name,
            Type = type,
            Service = service,
            Environment = env,
            AccountId = account,
            Attached = attached,
            Profile = attached == false ? DemoResourceProfile.Idle : DemoResourceProfile.Active,
        });
    }

    private static void AssignProfiles(DemoOrganisationOptions options, List<ResourceModel> resources)
    {
        var r = RandomStreams.For(options.Seed, "org.profiles");
        var candidates = resources.Where(x => x.Type != ResourceModel.Volume).ToList();
        Shuffle(candidates, r);
        var idle = Math.Max(1, (int)Math.Round(candidates.Count * 0.10));
        var over = Math.Max(1, (int)Math.Round(candidates.Count * 0.10));
        var scheduled = candidates.Count >= 20 ? 2 : candidates.Count >= 8 ? 1 : 0;
        foreach (var resource in candidates)
        {
            if (scheduled > 0 && resource.IsCompute)
            {
                resource.Profile = DemoResourceProfile.Scheduled;
                // The first is a weekly batch, the second a month-end close job.
                resource.BusyWeekday = scheduled == 2 || candidates.Count < 20 ? DayOfWeek.Monday : null;
                scheduled--;
            }
            else if (idle > 0)
            {
                resource.Profile = DemoResourceProfile.Idle;
                idle--;
            }
            else if (over > 0)
            {
                resource.Profile = DemoResourceProfile.OverProvisioned;
                over--;
            }
        }
    }

    private static int? PickAnomalyService(DemoOrganisationOptions options, IReadOnlyList<ServiceModel> services, List<ResourceModel> resources)
    {
        var eligible = services
            .Where(s => resources.Any(x => x.Service == s && x.IsCompute && x.Environment == "production" && x.Profile == DemoResourceProfile.Active))
            .ToList();
        if (eligible.Count == 0)
        {
            return null;
        }
        return eligible[RandomStreams.For(options.Seed, "billing.anomaly.service").Next(eligible.Count)].Index;
    }

    private static void AssignPricingAndSizes(DemoOrganisationOptions options, List<ResourceModel> resources, int? anomalyService)
    {
        foreach (var resource in resources)
        {
            var r = RandomStreams.For(options.Seed, "org.sizes", resource.Index);
            var production = resource.Environment == "production";
            var over = resource.Profile == DemoResourceProfile.OverProvisioned;
            resource.Size = resource.Type switch
            {
                ResourceModel.Vm when over => r.Chance(0.5) ? "m6i.2xlarge" : "r6i.2xlarge",
                ResourceModel.Vm when production => Pick(r, "m6i.large", "m6i.xlarge", "c6i.xlarge", "r6i.large"),
                ResourceModel.Vm => Pick(r, "t3.medium", "t3.large", "m6i.large"),
                ResourceModel.K8sWorkload when over => "8 vCPU",
                ResourceModel.K8sWorkload when production => Pick(r, "1 vCPU", "2 vCPU", "4 vCPU"),
                ResourceModel.K8sWorkload => Pick(r, "0.5 vCPU", "1 vCPU"),
                ResourceModel.Database when over => "db.r6g.2xlarge",
                ResourceModel.Database => Pick(r, "db.t4g.medium", "db.m6g.large", "db.r6g.large", "db.r6g.xlarge"),
                _ => string.Create(CultureInfo.InvariantCulture, $"gp3 {r.Next(1, 21) * 50} GiB"),
            };

            var steady = resource.Profile is DemoResourceProfile.Active or DemoResourceProfile.OverProvisioned;
            if (resource.IsCompute && production && steady && resource.Service.Index != anomalyService && r.Chance(0.55))
            {
                resource.Pricing = DemoPricingModel.Committed;
            }
            else if (resource.IsCompute && !production && resource.Profile == DemoResourceProfile.Active && r.Chance(0.35))
            {
                resource.Pricing = DemoPricingModel.Spot;
            }
        }
    }

    private static string Pick(Random r, params string[] choices) => choices[r.Next(choices.Length)];

    private static void Shuffle<T>(List<T> list, Random r)
    {
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = r.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
    }
}
