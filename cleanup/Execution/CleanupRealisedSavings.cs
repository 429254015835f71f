using Platform.Insights.Analytics.Idle;
using Platform.Insights.Cleanup.Store;

namespace Platform.Insights.Cleanup.Execution;

/// <summary><see cref="IRealisedSavings"/> from the cleanup steps that were done (and not undone), once per finding.</summary>
public sealed class CleanupRealisedSavings(ICleanupStore store) : IRealisedSavings
{
    public async Task<IReadOnlyList<RealisedSaving>> ListAsync(DateTime fromUtc, DateTime toUtc, string? team, CancellationToken cancellationToken) =>
        [.. (await store.RealisedSavingsAsync(fromUtc, toUtc, team, cancellationToken)).Select(s => new RealisedSaving(s.Currency, s.Monthly, s.Resources))];
}
