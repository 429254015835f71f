using System.ComponentModel.DataAnnotations;
using Platform.Insights.Cleanup.Policies;
using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Cleanup;

/// <summary>
/// Cleanup guardrails (section <c>Insights:Cleanup</c>), every one on by default: dry-run unless the global switch,
/// the finding's environment and the policy all say enforce; protected tags and namespaces; IaC-managed resources only
/// reported; caps per run; approvals that expire; a business-hours window; a step rate with a circuit breaker; a kill switch.
/// </summary>
public sealed class CleanupOptions : IValidatableObject
{
    public const string Section = "Insights:Cleanup";

    /// <summary>Master switch: report what would be done, change nothing. Only an explicit false lets anything act.</summary>
    public bool DryRun { get; set; } = true;

    /// <summary>Environments (FOCUS/finding <c>Environment</c>) in which an enforcing policy may act; empty = none.</summary>
    public string[] EnforceEnvironments { get; set; } = [];

    /// <summary>The YAML policy file (see docs/cleanup-policies.example.yaml); relative paths are from the working directory.</summary>
    public string? Policies { get; set; }

    /// <summary>Default wait between two ladder steps when a policy names none.</summary>
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Tag keys (or key=value) that protect a resource from any action.</summary>
    public string[] ProtectedTags { get; set; } = ["do-not-delete", "insights.platform/protected=true"];

    /// <summary>Kubernetes namespaces whose workloads are never touched.</summary>
    public string[] ProtectedNamespaces { get; set; } = ["kube-system", "kube-public", "kube-node-lease"];

    /// <summary>Tag keys that carry a resource's namespace.</summary>
    public string[] NamespaceTags { get; set; } = ["namespace", "k8s.namespace", "kubernetes.io/namespace"];

    /// <summary>Tags (key or key=value) marking infrastructure-as-code-managed resources: reported, never acted on.</summary>
    public string[] IacTags { get; set; } = ["managed-by=terraform", "managed-by=pulumi", "aws:cloudformation:stack-name", "app.kubernetes.io/managed-by=Helm"];

    /// <summary>At most this many resources per run.</summary>
    public int MaxResourcesPerRun { get; set; } = 10;

    /// <summary>At most this share (percent) of the policy's fleet per run (at least one resource).</summary>
    public double MaxPercentPerRun { get; set; } = 5;

    /// <summary>How long an approval of a plan stays valid.</summary>
    public TimeSpan ApprovalTtl { get; set; } = TimeSpan.FromHours(24);

    /// <summary>When steps may run.</summary>
    public CleanupBusinessHours BusinessHours { get; set; } = new();

    /// <summary>Steps per minute across a run; 0 = unpaced (tests, benchmarks).</summary>
    public int StepsPerMinute { get; set; } = 30;

    /// <summary>Circuit breaker: share of failed steps (0..1) within <see cref="BreakerSamplingDuration"/> that stops a run.</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    public int BreakerMinimumThroughput { get; set; } = 4;

    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromMinutes(10);

    public TimeSpan BreakerDuration { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The kill switch from configuration; <c>insights cleanup kill</c> sets the same switch at run time.</summary>
    public bool KillSwitch { get; set; }

    /// <summary>Which action provider runs steps: log (default), webhook or command.</summary>
    public string Provider { get; set; } = "log";

    public WebhookProviderOptions Webhook { get; set; } = new();

    public CommandProviderOptions Command { get; set; } = new();

    public CleanupJobsOptions Jobs { get; set; } = new();

    public CleanupStoreOptions Store { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (GracePeriod < TimeSpan.FromDays(1))
        {
            yield return Fail(nameof(GracePeriod), $"must be at least one day (is {GracePeriod})");
        }
        if (ProtectedTags.Any(string.IsNullOrWhiteSpace))
        {
            yield return Fail(nameof(ProtectedTags), "must not contain empty entries");
        }
        if (IacTags.Any(string.IsNullOrWhiteSpace))
        {
            yield return Fail(nameof(IacTags), "must not contain empty entries");
        }
        if (MaxResourcesPerRun is < 1 or > 10_000)
        {
            yield return Fail(nameof(MaxResourcesPerRun), $"must be between 1 and 10000 (is {MaxResourcesPerRun})");
        }
        if (MaxPercentPerRun is <= 0 or > 100 || double.IsNaN(MaxPercentPerRun))
        {
            yield return Fail(nameof(MaxPercentPerRun), $"must be above 0 and at most 100 (is {MaxPercentPerRun})");
        }
        if (ApprovalTtl <= TimeSpan.Zero || ApprovalTtl > TimeSpan.FromDays(7))
        {
            yield return Fail(nameof(ApprovalTtl), $"must be above zero and at most 7 days (is {ApprovalTtl})");
        }
        if (StepsPerMinute < 0)
        {
            yield return Fail(nameof(StepsPerMinute), "must not be negative");
        }
        if (BreakerFailureRatio is <= 0 or > 1 || BreakerMinimumThroughput < 2 || BreakerDuration < TimeSpan.FromSeconds(1) || BreakerSamplingDuration < TimeSpan.FromSeconds(1))
        {
            yield return Fail("Breaker*", "BreakerFailureRatio must be in (0, 1], BreakerMinimumThroughput at least 2, durations at least 1 s");
        }
        if (Provider is not ("log" or "webhook" or "command"))
        {
            yield return Fail(nameof(Provider), $"must be log, webhook or command (is '{Provider}')");
        }
        foreach (var error in BusinessHours.Validate($"{Section}:{nameof(BusinessHours)}")
            .Concat(Webhook.Validate($"{Section}:{nameof(Webhook)}", Provider == "webhook"))
            .Concat(Command.Validate($"{Section}:{nameof(Command)}", Provider == "command"))
            .Concat(Jobs.Validate($"{Section}:{nameof(Jobs)}"))
            .Concat(Store.Validate($"{Section}:{nameof(Store)}")))
        {
            yield return new ValidationResult(error);
        }
        if (Policies is not null)
        {
            string? policyError = null;
            try
            {
                _ = CleanupPolicyFile.Load(Policies, GracePeriod);
            }
            catch (Exception e) when (e is InputFormatException or IOException or UnauthorizedAccessException)
            {
                policyError = e.Message;
            }
            if (policyError is not null)
            {
                yield return Fail(nameof(Policies), policyError);
            }
        }
    }

    private static ValidationResult Fail(string key, string message) => new($"{Section}:{key} {message}", [key]);
}
