using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Platform.Insights.Analytics.Idle;

namespace Platform.Insights.Cleanup.Planning;

/// <summary>
/// What must not change between planning and acting: state, actionability, rule and version, savings and tags.
/// The window and statistic values move with every recompute and are left out, so a finding that merely aged is not "changed".
/// </summary>
public static class FindingFingerprint
{
    public static string Of(IdleFinding finding)
    {
        var text = new StringBuilder()
            .Append(finding.Id).Append('|').Append(finding.ResourceId).Append('|').Append(finding.ResourceType).Append('|')
            .Append(finding.State).Append('|').Append(finding.Actionable).Append('|').Append(finding.Rule).Append('|').Append(finding.RuleVersion).Append('|')
            .Append(finding.Team).Append('|').Append(finding.Environment).Append('|')
            .Append(finding.MonthlySavings?.ToString("0.####", CultureInfo.InvariantCulture)).Append('|').Append(finding.Currency);
        foreach (var (key, value) in finding.Tags.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            text.Append('|').Append(key).Append('=').Append(value);
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }

    /// <summary>The replica count a finding's evidence carries (statistic <c>replicas</c>), to restore after scale to zero.</summary>
    public static int? Replicas(IdleFinding finding) =>
        finding.Statistics.FirstOrDefault(s => s.Name is "replicas" or "desired_replicas")?.Value is { } v ? (int)Math.Round(v) : null;
}
