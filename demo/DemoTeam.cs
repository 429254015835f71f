namespace Platform.Insights.Demo;

/// <summary>A team (Backstage Group) with the systems it owns and how many services and resources it has.</summary>
public sealed record DemoTeam(
    string Name,
    string DisplayName,
    IReadOnlyList<string> Systems,
    int ServiceCount,
    int ResourceCount);
