using System.ComponentModel.DataAnnotations;

namespace Platform.Insights.Analytics.Cost;

/// <summary>
/// How billing rows are allocated when the catalog's cost-tags do not match (section <c>Insights:Cost:Allocation</c>).
/// Unset lists take the defaults below; a configured list replaces its default (it is not appended to it).
/// </summary>
public sealed class CostAllocationOptions : IValidatableObject
{
    public const string Section = "Insights:Cost:Allocation";

    /// <summary>
    /// Tag keys naming the service, in order: common conventions and Kubernetes labels as AWS (split cost allocation),
    /// GCP (GKE cost allocation, <c>k8s-label/</c>) and Azure (AKS) export them.
    /// </summary>
    public static readonly IReadOnlyList<string> DefaultServiceTagKeys =
    [
        "service", "app", "application", "app.kubernetes.io/name", "k8s-label/app", "k8s-label/app.kubernetes.io/name",
        "aws:eks:deployment", "aws:eks:workload-name", "kubernetes-app",
    ];

    public static readonly IReadOnlyList<string> DefaultTeamTagKeys = ["team", "owner", "k8s-label/team", "app.kubernetes.io/part-of"];

    public static readonly IReadOnlyList<string> DefaultEnvironmentTagKeys = ["env", "environment", "k8s-label/env", "k8s-label/environment"];

    public string[]? ServiceTagKeys { get; set; }

    public string[]? TeamTagKeys { get; set; }

    public string[]? EnvironmentTagKeys { get; set; }

    /// <summary>Billing account or sub-account id (FOCUS SubAccountId, then BillingAccountId) → team, for untagged spend.</summary>
    public Dictionary<string, string> Accounts { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Shared cost pools, tried in order; a row in a pool is split across teams.</summary>
    public List<SharedCostRule> Shared { get; set; } = [];

    public IReadOnlyList<string> ServiceKeys => ServiceTagKeys ?? DefaultServiceTagKeys;

    public IReadOnlyList<string> TeamKeys => TeamTagKeys ?? DefaultTeamTagKeys;

    public IReadOnlyList<string> EnvironmentKeys => EnvironmentTagKeys ?? DefaultEnvironmentTagKeys;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, keys) in new[] { ("ServiceTagKeys", ServiceTagKeys), ("TeamTagKeys", TeamTagKeys), ("EnvironmentTagKeys", EnvironmentTagKeys) })
        {
            if (keys is not null && keys.Any(string.IsNullOrWhiteSpace))
            {
                yield return new ValidationResult($"{Section}:{name} must not contain empty tag keys", [name]);
            }
        }
        foreach (var (account, team) in Accounts)
        {
            if (string.IsNullOrWhiteSpace(team))
            {
                yield return new ValidationResult($"{Section}:Accounts:{account} must name a team", [nameof(Accounts)]);
            }
        }
        for (var i = 0; i < Shared.Count; i++)
        {
            foreach (var error in Shared[i].Validate($"{Section}:Shared:{i}"))
            {
                yield return new ValidationResult(error, [nameof(Shared)]);
            }
        }
    }
}
