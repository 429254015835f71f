using Platform.Insights.Analytics.Idle;

namespace Platform.Insights.CleanupBench;

/// <summary>N idle VMs held in memory: the detector's side is not what this benchmark measures.</summary>
public sealed class BenchFindings(int count) : IIdleFindings
{
    private readonly Dictionary<string, IdleFinding> _findings = Enumerable.Range(0, count).Select(Finding).ToDictionary(f => f.Id, StringComparer.Ordinal);

    public Task<IReadOnlyList<IdleFinding>> ListAsync(IdleFindingFilter filter, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<IdleFinding>>(_findings.Values.OrderByDescending(f => f.MonthlySavings).ThenBy(f => f.Id, StringComparer.Ordinal).ToList());

    public Task<IdleFinding?> GetAsync(string id, CancellationToken cancellationToken) => Task.FromResult(_findings.GetValueOrDefault(id));

    private static IdleFinding Finding(int i) => new(
        $"idl_{i:x8}", $"vm-{i:00000}", "vm", $"svc-{i % 400}", $"team-{i % 20}", "dev", IdleState.Idle, "vm.idle", "1", true,
        10m + i % 90, "EUR", new Dictionary<string, string> { ["owner"] = $"team-{i % 20}" },
        new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 11, 15, 0, 0, 0, DateTimeKind.Utc), null, 0.99, "stop",
        [new IdleStatistic("cpu_p95_of_daily_max", 0.01, "<", 0.03, "ratio", true), new IdleStatistic("network_quiet_days", 14, ">=", 13, "days", true)],
        new IdleBillingEvidence(new DateTime(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc), 30, 10m + i % 90, "EUR"));
}
