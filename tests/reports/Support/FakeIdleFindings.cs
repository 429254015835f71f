using Platform.Insights.Analytics.Idle;

namespace Platform.Insights.Reports.Tests.Support;

/// <summary>Idle findings held in memory, as a detector would answer them; <see cref="Current"/> can change between reports.</summary>
public sealed class FakeIdleFindings : IIdleFindings
{
    public List<IdleFinding> Current { get; } = [];

    public Task<IReadOnlyList<IdleFinding>> ListAsync(IdleFindingFilter filter, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<IdleFinding>>([.. Current.Where(f => filter.Team is null || f.Team == filter.Team)
            .OrderByDescending(f => f.MonthlySavings ?? -1).ThenBy(f => f.Id, StringComparer.Ordinal)]);

    public Task<IdleFinding?> GetAsync(string id, CancellationToken cancellationToken) => Task.FromResult(Current.FirstOrDefault(f => f.Id == id));

    public static IdleFinding Finding(string id, string team, IdleState state, decimal? savings, bool actionable, string resourceType = "vm") =>
        new(id, "res-" + id, resourceType, "svc-" + team, team, "production", state, resourceType + ".idle", "1", actionable, savings, savings is null ? null : "USD",
            new Dictionary<string, string>(), Seed.W47.AddDays(-14), Seed.W48, Seed.W46, 0.98, "delete after snapshot", [], null);
}
