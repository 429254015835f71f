using Microsoft.Extensions.Options;
using Platform.Insights.Analytics.Idle;
using Platform.Insights.Cleanup.Policies;

namespace Platform.Insights.Cleanup.Planning;

/// <summary>The per-resource guardrails: protected tags and namespaces (never touched), IaC-managed (report only), enforce.</summary>
public sealed class CleanupGuardrails(IOptions<CleanupOptions> options)
{
    private readonly CleanupOptions _options = options.Value;

    /// <summary>Why the resource is protected, or null.</summary>
    public string? Protection(IdleFinding finding)
    {
        if (Matching(finding, _options.ProtectedTags) is { } tag)
        {
            return $"protected tag {tag}";
        }
        return Namespace(finding) is { } ns && _options.ProtectedNamespaces.Contains(ns, StringComparer.Ordinal) ? $"protected namespace {ns}" : null;
    }

    /// <summary>The IaC tag that makes the resource report-only, or null.</summary>
    public string? IacManaged(IdleFinding finding) => Matching(finding, _options.IacTags) is { } tag ? $"managed by infrastructure as code ({tag}): reported only" : null;

    public string? Namespace(IdleFinding finding) =>
        _options.NamespaceTags.Select(k => finding.Tags.TryGetValue(k, out var v) ? v : null).FirstOrDefault(v => !string.IsNullOrEmpty(v));

    /// <summary>Acts only when the global switch is off, the environment is listed and the policy enforces.</summary>
    public bool Enforces(CleanupPolicy policy, IdleFinding finding) =>
        !_options.DryRun && policy.Enforce && finding.Environment is { } env && _options.EnforceEnvironments.Contains(env, StringComparer.Ordinal);

    private static string? Matching(IdleFinding finding, IEnumerable<string> rules)
    {
        foreach (var rule in rules)
        {
            var eq = rule.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? rule : rule[..eq];
            // Case-insensitive on purpose: "Do-Not-Delete" protects as much as "do-not-delete".
            if (finding.Tags.Any(t => string.Equals(t.Key, key, StringComparison.OrdinalIgnoreCase)
                && (eq < 0 || string.Equals(t.Value, rule[(eq + 1)..], StringComparison.OrdinalIgnoreCase))))
            {
                return rule;
            }
        }
        return null;
    }
}
