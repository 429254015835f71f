namespace Platform.Insights.Demo.Model;

/// <summary>Builds teams and services, then asks the planners for resources, incidents and the cost anomaly.</summary>
internal static class OrganisationBuilder
{
    public static OrganisationModel Build(DemoOrganisationOptions options)
    {
        options.Validate();
        var teams = BuildTeams(options);
        var services = BuildServices(options, teams);
        MarkUnreliable(options, services);
        MarkLegacyPipelines(options, services);
        AssignCounterResets(options, services);
        var resources = ResourcePlanner.Plan(options, services, out var anomalyService);
        var incidents = IncidentPlanner.Plan(options, services);
        return new OrganisationModel
        {
            Options = options,
            Teams = teams,
            Services = services,
            Resources = resources,
            Incidents = incidents,
            AnomalyServiceIndex = anomalyService,
            Anomaly = PlanAnomaly(options, services, anomalyService),
        };
    }

    private static List<TeamModel> BuildTeams(DemoOrganisationOptions options)
    {
        var teams = new List<TeamModel>(options.Teams);
        var catalogue = NameCatalogue.Teams;
        for (var i = 0; i < options.Teams; i++)
        {
            var (baseName, second, _) = catalogue[i % catalogue.Length];
            var round = i / catalogue.Length;
            // Beyond the list: payments-emea, identity-emea, …, then payments-apac, …
            var name = round == 0 ? baseName : $"{baseName}-{NameCatalogue.TeamSuffixes[(round - 1) % NameCatalogue.TeamSuffixes.Length]}";
            var team = new TeamModel(i, name, NameCatalogue.DisplayName(name));
            team.Systems.Add($"{name}-core");
            team.Systems.Add($"{name}-{second}");
            teams.Add(team);
        }
        return teams;
    }

    private static List<ServiceModel> BuildServices(DemoOrganisationOptions options, List<TeamModel> teams)
    {
        var assign = RandomStreams.For(options.Seed, "org.assignment");
        var weights = teams.Select(_ => assign.Between(0.6, 1.6)).ToArray();
        var total = weights.Sum();
        var teamOf = new int[options.Services];
        for (var i = 0; i < options.Services; i++)
        {
            // Every team owns at least one service; the rest are spread unevenly, as in real organisations.
            teamOf[i] = i < teams.Count ? i : Pick(weights, total, assign.NextDouble());
        }

        var taken = new HashSet<string>(StringComparer.Ordinal);
        var perTeam = new int[teams.Count];
        var services = new List<ServiceModel>(options.Services);
        foreach (var team in teams)
        {
            for (var i = 0; i < options.Services; i++)
            {
                if (teamOf[i] == team.Index)
                {
                    services.Add(CreateService(options.Seed, i, team, perTeam[team.Index]++, taken));
                }
            }
        }
        for (var i = 0; i < services.Count; i++)
        {
            services[i].Index = i;
        }
        UseSystems(options, teams, services);
        return services;
    }

    private static int Pick(double[] weights, double total, double u)
    {
        var target = u * total;
        for (var i = 0; i < weights.Length; i++)
        {
            target -= weights[i];
            if (target < 0)
            {
                return i;
            }
        }
        return weights.Length - 1;
    }

    private static ServiceModel CreateService(int seed, int creationIndex, TeamModel team, int nthInTeam, HashSet<string> taken)
    {
        var catalogue = NameCatalogue.Teams[team.Index % NameCatalogue.Teams.Length];
        var round = team.Index / NameCatalogue.Teams.Length;
        var stem = nthInTeam < catalogue.Services.Length
            ? catalogue.Services[nthInTeam]
            : $"{catalogue.Team}-{NameCatalogue.GenericServices[(nthInTeam - catalogue.Services.Length) % NameCatalogue.GenericServices.Length]}";
        var candidate = round == 0 ? stem : $"{stem}-{NameCatalogue.TeamSuffixes[(round - 1) % NameCatalogue.TeamSuffixes.Length]}";
        var name = Unique(candidate, taken);

        var r = RandomStreams.For(seed, "org.service", creationIndex);
        var u = r.NextDouble();
        var slo = u < 0.8 ? 99.9m : u < 0.92 ? 99.5m : 99.95m;
        return new ServiceModel
        {
            Index = creationIndex,
            Name = name,
            Team = team,
            System = team.Systems[0],
            Lifecycle = r.Chance(0.1) ? "experimental" : "production",
            Slo = slo,
            Language = NameCatalogue.Languages[r.Next(NameCatalogue.Languages.Length)],
            IsWorker = IsWorkerName(name),
            // Replaced by MarkLegacyPipelines; the draw stays so that every later attribute is drawn as before.
            DeploysViaPlatform = !r.Chance(0.1),
            Region = r.Chance(0.8) ? "eu-west-1" : "us-east-1",
            PeakRps = 5 + (395 * r.NextDouble() * r.NextDouble()),
            BaseErrorRatio = r.Between(0.0005, 0.003),
            DeployRate = r.Between(0.3, 2.5),
            BuildRate = r.Between(0.6, 1.6),
            BuildMinutes = r.Between(4, 18),
            LogsPerDay = r.Between(25, 150),
            VersionMajor = 1 + r.Next(4),
            VersionMinor = r.Next(5, 80),
        };
    }

    private static string Unique(string candidate, HashSet<string> taken)
    {
        if (taken.Add(candidate))
        {
            return candidate;
        }
        foreach (var variant in NameCatalogue.Variants)
        {
            if (taken.Add($"{candidate}-{variant}"))
            {
                return $"{candidate}-{variant}";
            }
        }
        for (var n = 2; ; n++)
        {
            var name = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{candidate}-{n}");
            if (taken.Add(name))
            {
                return name;
            }
        }
    }

    private static bool IsWorkerName(string name) =>
        name.Contains("worker", StringComparison.Ordinal) || name.Contains("batch", StringComparison.Ordinal)
        || name.Contains("scheduler", StringComparison.Ordinal) || name.Contains("sync", StringComparison.Ordinal)
        || name.Contains("consumer", StringComparison.Ordinal) || name.Contains("processor", StringComparison.Ordinal);

    private static void UseSystems(DemoOrganisationOptions options, List<TeamModel> teams, List<ServiceModel> services)
    {
        foreach (var team in teams)
        {
            var owned = services.Where(s => s.Team == team).ToList();
            // Small teams have one system; larger ones split workers and some APIs into a second.
            var r = RandomStreams.For(options.Seed, "org.systems", team.Index);
            if (owned.Count < 3 || !r.Chance(0.7))
            {
                team.Systems.RemoveAt(1);
                continue;
            }
            foreach (var service in owned.Skip(1))
            {
                if (service.IsWorker || r.Chance(0.3))
                {
                    service.System = team.Systems[1];
                }
            }
        }
    }

    private static void MarkUnreliable(DemoOrganisationOptions options, List<ServiceModel> services)
    {
        var r = RandomStreams.For(options.Seed, "org.unreliable");
        var wanted = services.Count >= 20 ? 2 : 1;
        var candidates = services.Where(s => s.Lifecycle == "production").ToList();
        if (candidates.Count < wanted)
        {
            candidates = [.. services];
        }
        for (var i = 0; i < wanted && candidates.Count > 0; i++)
        {
            var pick = candidates[r.Next(candidates.Count)];
            pick.Unreliable = true;
            pick.Lifecycle = "production";
            pick.DeploysViaPlatform = true;
            candidates.Remove(pick);
        }
    }

    /// <summary>
    /// About 7 % of the services (3 of the default 40; none in an organisation under 5 services) still deploy through the
    /// legacy pipeline (<c>labels.pipeline: jenkins-legacy</c>), never an unreliable one: the demo's platform adoption
    /// then sits just under the 95 % target — a figure to read, not a target trivially met.
    /// </summary>
    private static void MarkLegacyPipelines(DemoOrganisationOptions options, List<ServiceModel> services)
    {
        var r = RandomStreams.For(options.Seed, "org.legacy");
        foreach (var service in services)
        {
            service.DeploysViaPlatform = true;
        }
        var candidates = services.Where(s => !s.Unreliable).ToList();
        var wanted = services.Count < 5 ? 0 : Math.Max(1, (int)Math.Round(services.Count * 0.07, MidpointRounding.AwayFromZero));
        for (var i = 0; i < wanted && candidates.Count > 0; i++)
        {
            var pick = candidates[r.Next(candidates.Count)];
            pick.DeploysViaPlatform = false;
            candidates.Remove(pick);
        }
    }

    private static void AssignCounterResets(DemoOrganisationOptions options, List<ServiceModel> services)
    {
        var buckets = options.Days * 288;
        foreach (var service in services)
        {
            var r = RandomStreams.For(options.Seed, "metrics.resets", service.Index);
            if (r.Chance(0.25))
            {
                service.CounterResetBucket = r.Next(1, buckets);
            }
        }
        if (buckets > 1 && services.All(s => s.CounterResetBucket is null))
        {
            services[0].CounterResetBucket = buckets / 2;
        }
    }

    private static DemoCostAnomaly? PlanAnomaly(DemoOrganisationOptions options, List<ServiceModel> services, int? serviceIndex)
    {
        if (serviceIndex is not { } index)
        {
            return null;
        }
        var r = RandomStreams.For(options.Seed, "billing.anomaly");
        var days = options.Days;
        var length = Math.Min(r.Chance(0.5) ? 2 : 3, Math.Max(1, days - 1));
        // Leave at least a third of the window before the jump as a baseline when there is room.
        var first = days - length >= 1 ? r.Next(Math.Max(1, days / 3), days - length + 1) : 0;
        var start = options.StartDate.AddDays(first);
        return new DemoCostAnomaly(services[index].Name, start, start.AddDays(length), 4.0m + (r.Next(-4, 5) / 10m));
    }
}
