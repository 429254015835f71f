namespace Platform.Insights.Demo.Model;

/// <summary>A service and the hidden parameters (traffic, deploy cadence, …) its signals are generated from.</summary>
internal sealed class ServiceModel
{
    public required int Index { get; set; }
    public required string Name { get; init; }
    public required TeamModel Team { get; init; }
    public required string System { get; set; }
    public required string Lifecycle { get; set; }
    public required decimal Slo { get; init; }
    public required string Language { get; init; }
    public required bool IsWorker { get; init; }
    public required bool DeploysViaPlatform { get; set; }
    public required string Region { get; init; }

    /// <summary>Requests per second at the weekday peak.</summary>
    public required double PeakRps { get; init; }

    /// <summary>Share of requests answered 5xx outside incidents.</summary>
    public required double BaseErrorRatio { get; init; }

    public required double DeployRate { get; init; }
    public required double BuildRate { get; init; }
    public required double BuildMinutes { get; init; }
    public required double LogsPerDay { get; init; }
    public required int VersionMajor { get; init; }
    public required int VersionMinor { get; init; }

    /// <summary>One of the one or two services generated clearly below 99.9 % availability.</summary>
    public bool Unreliable { get; set; }

    /// <summary>5-minute bucket at which the request counters restart from 0, if this service restarts.</summary>
    public int? CounterResetBucket { get; set; }

    public List<PlannedIncident> Incidents { get; } = [];

    public DemoService ToInfo() =>
        new(Name, Team.Name, System, Lifecycle, Slo, ["production", "staging"], DeploysViaPlatform);
}
