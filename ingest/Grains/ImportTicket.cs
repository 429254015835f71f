using Platform.Insights.Ingest.Sinks;

namespace Platform.Insights.Ingest.Grains;

/// <summary>
/// The answer to "may I import this file?": go ahead, already imported (with the earlier record),
/// or busy (another importer holds it right now).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ImportTicket(
    [property: Id(0)] string ImportId,
    [property: Id(1)] bool AlreadyImported,
    [property: Id(2)] bool Busy,
    [property: Id(3)] ImportRecord? Previous)
{
    public bool MayProceed => !AlreadyImported && !Busy;
}
