namespace Platform.Insights.Demo.Model;

/// <summary>The generated organisation every writer reads: who owns what, and the planned incidents and anomaly.</summary>
internal sealed class OrganisationModel
{
    public required DemoOrganisationOptions Options { get; init; }
    public required IReadOnlyList<TeamModel> Teams { get; init; }
    public required IReadOnlyList<ServiceModel> Services { get; init; }
    public required IReadOnlyList<ResourceModel> Resources { get; init; }
    public required IReadOnlyList<PlannedIncident> Incidents { get; init; }
    public required DemoCostAnomaly? Anomaly { get; init; }
    public required int? AnomalyServiceIndex { get; init; }

    public int Seed => Options.Seed;
    public int Days => Options.Days;
    public DateOnly StartDate => Options.StartDate;
    public DateOnly EndDate => Options.EndDate;
    public int Minutes => Options.Days * 1440;

    /// <summary>Unix seconds of the window start (00:00 UTC of <see cref="StartDate"/>).</summary>
    public long StartUnix => ToUnix(StartDate);

    public static long ToUnix(DateOnly date) =>
        new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeSeconds();

    public DateTimeOffset AtMinute(int minute) => DateTimeOffset.FromUnixTimeSeconds(StartUnix + (minute * 60L));

    public IEnumerable<ServiceModel> ServicesOf(TeamModel team) => Services.Where(s => s.Team == team);

    public IEnumerable<DemoCounterReset> CounterResets() =>
        Services.Where(s => s.CounterResetBucket is not null)
            .Select(s => new DemoCounterReset(s.Name, DateTimeOffset.FromUnixTimeSeconds(StartUnix + (s.CounterResetBucket!.Value * 300L))));
}
