namespace Platform.Insights.Demo;

/// <summary>
/// Size, period and seed of the generated organisation. Data covers the UTC days
/// [<see cref="EndDate"/> - <see cref="Days"/>, <see cref="EndDate"/>); the same options always
/// produce byte-identical files.
/// </summary>
public sealed record DemoOrganisationOptions
{
    public const int MaxTeams = 50;
    public const int MaxServices = 2000;
    public const int MaxDays = 400;

    public int Teams { get; init; } = 6;
    public int Services { get; init; } = 40;
    public int Days { get; init; } = 30;
    public int Seed { get; init; } = 42;

    /// <summary>First day NOT covered (exclusive end). Explicit rather than "today" so output is reproducible.</summary>
    public DateOnly EndDate { get; init; } = new(2026, 12, 1);

    public DateOnly StartDate => EndDate.AddDays(-Days);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (Teams is < 1 or > MaxTeams)
        {
            throw new ArgumentOutOfRangeException(nameof(Teams), Teams, $"Teams must be between 1 and {MaxTeams}.");
        }
        if (Services < Teams || Services > MaxServices)
        {
            throw new ArgumentOutOfRangeException(nameof(Services), Services,
                $"Services must be at least Teams ({Teams}) and at most {MaxServices}.");
        }
        if (Days is < 1 or > MaxDays)
        {
            throw new ArgumentOutOfRangeException(nameof(Days), Days, $"Days must be between 1 and {MaxDays}.");
        }
        // Unix-second timestamps in the metrics must stay positive.
        if (EndDate.Year is < 1972 or > 9000)
        {
            throw new ArgumentOutOfRangeException(nameof(EndDate), EndDate, "EndDate must be between 1972 and 9000.");
        }
    }
}
