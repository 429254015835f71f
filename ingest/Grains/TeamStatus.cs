namespace Platform.Insights.Ingest.Grains;

/// <summary>A team's services and their latest state, as of <see cref="AsOf"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record TeamStatus(
    [property: Id(0)] string Team,
    [property: Id(1)] IReadOnlyList<ServiceStatus> Services,
    [property: Id(2)] DateTimeOffset AsOf)
{
    public int ServicesDown => Services.Count(s => s.Up == false);

    public int OpenIncidents => Services.Count(s => s.OpenIncident is not null);
}
