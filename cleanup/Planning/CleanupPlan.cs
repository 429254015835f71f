using System.Security.Cryptography;
using System.Text;

namespace Platform.Insights.Cleanup.Planning;

/// <summary>
/// What one policy run proposes. <see cref="Hash"/> covers the policy and every item (finding, action, fingerprint,
/// enforce): an approval names this hash, so approving one plan can never apply another or a changed one.
/// </summary>
public sealed record CleanupPlan(
    string Id,
    string Policy,
    DateTime CreatedAt,
    string Hash,
    int Fleet,
    int Cap,
    IReadOnlyList<CleanupPlanItem> Items,
    IReadOnlyList<CleanupDecision> Decisions)
{
    public static string HashOf(string policy, IReadOnlyList<CleanupPlanItem> items)
    {
        var text = new StringBuilder(policy).Append('\n');
        foreach (var item in items)
        {
            text.Append(item.Index).Append('|').Append(item.FindingId).Append('|').Append(item.ResourceId).Append('|')
                .Append(item.Action).Append('|').Append(item.Fingerprint).Append('|').Append(item.Enforce ? "enforce" : "dry-run")
                .Append('|').Append(item.Replicas).Append('\n');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    public static string IdOf(string policy, DateTime createdAt, string hash) =>
        "pln_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{policy}|{createdAt.Ticks}|{hash}")))[..12];
}
