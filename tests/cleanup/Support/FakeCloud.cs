using System.Collections.Concurrent;
using Platform.Insights.Cleanup.Execution;
using Platform.Insights.Cleanup.Providers;

namespace Platform.Insights.Cleanup.Tests.Support;

/// <summary>An in-process cloud: records every call, keeps each resource's replicas and running state, can fail on purpose.</summary>
public sealed class FakeCloud : ICleanupActionProvider
{
    private readonly ConcurrentQueue<CleanupStep> _calls = new();

    public string Name => "fake-cloud";

    public IReadOnlyList<CleanupStep> Calls => _calls.ToList();

    public ConcurrentDictionary<string, int> Replicas { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, bool> Running { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Deleted { get; } = new(StringComparer.Ordinal);

    /// <summary>Runs before each call is answered (e.g. to engage the kill switch mid-run).</summary>
    public Func<CleanupStep, Task>? OnCall { get; set; }

    /// <summary>When true every call fails.</summary>
    public bool Failing { get; set; }

    public IEnumerable<CleanupStep> CallsFor(string resource) => Calls.Where(c => c.ResourceId == resource);

    public IEnumerable<CleanupStep> CallsOf(CleanupAction action) => Calls.Where(c => c.Action == action);

    public async Task<CleanupStepResult> ExecuteAsync(CleanupStep step, CancellationToken cancellationToken)
    {
        _calls.Enqueue(step);
        if (OnCall is not null)
        {
            await OnCall(step);
        }
        if (Failing)
        {
            return CleanupStepResult.Failed("fake cloud is failing");
        }
        switch (step.Action)
        {
            case CleanupAction.Stop:
                Running[step.ResourceId] = false;
                break;
            case CleanupAction.Start:
                Running[step.ResourceId] = true;
                break;
            case CleanupAction.ScaleToZero:
                var previous = Replicas.GetValueOrDefault(step.ResourceId);
                Replicas[step.ResourceId] = 0;
                return CleanupStepResult.Ok("scaled to 0", previous);
            case CleanupAction.RestoreReplicas:
                Replicas[step.ResourceId] = step.Replicas!.Value;
                break;
            case CleanupAction.Delete:
                lock (Deleted)
                {
                    Deleted.Add(step.ResourceId);
                }
                break;
        }
        return CleanupStepResult.Ok($"{step.Action} ok");
    }
}
