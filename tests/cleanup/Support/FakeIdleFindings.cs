using System.Collections.Concurrent;
using Platform.Insights.Analytics.Idle;

namespace Platform.Insights.Cleanup.Tests.Support;

/// <summary>Findings the test constructs; change or remove one to simulate the detector's next recompute.</summary>
public sealed class FakeIdleFindings : IIdleFindings
{
    private readonly ConcurrentDictionary<string, IdleFinding> _findings = new(StringComparer.Ordinal);

    public int Gets { get; private set; }

    public void Set(params IdleFinding[] findings)
    {
        foreach (var finding in findings)
        {
            _findings[finding.Id] = finding;
        }
    }

    public void Remove(string id) => _findings.TryRemove(id, out _);

    public IdleFinding this[string id] => _findings[id];

    public Task<IReadOnlyList<IdleFinding>> ListAsync(IdleFindingFilter filter, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<IdleFinding>>(_findings.Values
            .Where(f => filter.ResourceType is null || f.ResourceType == filter.ResourceType)
            .OrderByDescending(f => f.MonthlySavings ?? -1).ThenBy(f => f.Id, StringComparer.Ordinal).ToList());

    public Task<IdleFinding?> GetAsync(string id, CancellationToken cancellationToken)
    {
        Gets++;
        return Task.FromResult(_findings.TryGetValue(id, out var f) ? f : null);
    }

    /// <summary>An actionable idle finding; tags as "key=value" strings.</summary>
    public static IdleFinding Idle(string resource, string type = "vm", string environment = "dev", decimal? savings = 100m, IdleState state = IdleState.Idle,
        bool actionable = true, int? replicas = null, params string[] tags)
    {
        var statistics = new List<IdleStatistic> { new("cpu_p95_of_daily_max", 0.01, "<", 0.03, "ratio", true) };
        if (replicas is { } r)
        {
            statistics.Add(new IdleStatistic("replicas", r, "=", r, "count", true));
        }
        return new IdleFinding("idl_" + resource, resource, type, "svc-" + resource, "payments", environment, state, type + ".idle", "1", actionable,
            savings, "EUR", tags.Select(t => t.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "", StringComparer.Ordinal),
            new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 11, 15, 0, 0, 0, DateTimeKind.Utc), null, 0.99,
            "stop, then delete after a snapshot", statistics, null);
    }
}
