namespace Platform.Insights.Ingest.Grains;

/// <summary>An incident whose ECS event has no <c>event.end</c> yet.</summary>
[GenerateSerializer, Immutable]
public sealed record OpenIncident([property: Id(0)] string IncidentId, [property: Id(1)] DateTimeOffset Since);
