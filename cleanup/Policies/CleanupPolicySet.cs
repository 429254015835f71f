using Microsoft.Extensions.Options;

namespace Platform.Insights.Cleanup.Policies;

/// <summary>The policies of <c>Insights:Cleanup:Policies</c>, read once (they were validated at start-up); none when unset.</summary>
public sealed class CleanupPolicySet(IOptions<CleanupOptions> options)
{
    private readonly Lazy<IReadOnlyList<CleanupPolicy>> _policies = new(() =>
        options.Value.Policies is { } path ? CleanupPolicyFile.Load(path, options.Value.GracePeriod) : []);

    public IReadOnlyList<CleanupPolicy> All => _policies.Value;

    public CleanupPolicy? Find(string name) => All.FirstOrDefault(p => p.Name == name);
}
