using Platform.Insights.Analytics.Idle;

namespace Platform.Insights.Reports.Tests.Support;

/// <summary>Cleanup's realised savings held in memory, per team; records each window asked for.</summary>
public sealed class FakeRealisedSavings : IRealisedSavings
{
    public Dictionary<string, List<RealisedSaving>> ByTeam { get; } = new(StringComparer.Ordinal);

    public List<(DateTime From, DateTime To, string? Team)> Asked { get; } = [];

    public Task<IReadOnlyList<RealisedSaving>> ListAsync(DateTime fromUtc, DateTime toUtc, string? team, CancellationToken cancellationToken)
    {
        Asked.Add((fromUtc, toUtc, team));
        var rows = ByTeam.Where(t => team is null || t.Key == team).SelectMany(t => t.Value)
            .GroupBy(s => s.Currency, StringComparer.Ordinal)
            .Select(g => new RealisedSaving(g.Key, g.Sum(s => s.Monthly), g.Sum(s => s.Resources)))
            .OrderBy(s => s.Currency, StringComparer.Ordinal);
        return Task.FromResult<IReadOnlyList<RealisedSaving>>([.. rows]);
    }
}
