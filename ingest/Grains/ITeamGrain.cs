namespace Platform.Insights.Ingest.Grains;

/// <summary>Answers questions about one team (key: team name) by fanning out to its services' grains.</summary>
public interface ITeamGrain : IGrainWithStringKey
{
    Task<TeamStatus> GetStatusAsync(CancellationToken cancellationToken = default);
}
