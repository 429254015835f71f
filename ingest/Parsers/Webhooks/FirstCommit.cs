using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Platform.Insights.Ingest.Parsers.Webhooks;

/// <summary>
/// When the change a webhook's deployment shipped was first committed (<c>labels.first_commit_at</c>, the start of DORA's
/// lead time), and where that came from (<c>labels.first_commit_source</c>). Apache DevLake takes it from the repository:
/// the commits between the previous deployment's sha and this one's (its <c>commits_diffs</c>) and the first commit of each
/// pull request among them — git data a webhook does not carry. So a deployment's first commit comes from the payload when
/// the deployer put it there (<see cref="Payload"/>); failing that, from the time of the deployed commit itself
/// (<see cref="DeployedCommit"/>: lead time then starts at the last commit, shorter than DevLake's, and the source label
/// says so); else there is none and the deployment counts in every figure but lead time.
/// </summary>
public sealed partial record FirstCommit(DateTimeOffset At, string Source)
{
    /// <summary>Set by the deployer: GitHub's <c>deployment.payload</c> field, an Argo CD template's <c>firstCommitAt</c>.</summary>
    public const string Payload = "payload";

    /// <summary>The deployed commit's own time: GitHub's <c>workflow_run.head_commit.timestamp</c>, Argo CD's commit metadata.</summary>
    public const string DeployedCommit = "deployed_commit";

    /// <summary>
    /// A time at <paramref name="path"/> (dotted: <c>insights.first_commit_at</c>) inside <paramref name="parent"/>, which
    /// may also be a string holding a JSON object (GitHub's "Create a deployment" takes <c>payload</c> as either).
    /// RFC 3339, or Go's default time format (what an Argo CD template prints for a time it does not format).
    /// </summary>
    public static DateTimeOffset? Find(JsonElement parent, string path)
    {
        if (parent.ValueKind == JsonValueKind.String && parent.GetString() is { Length: > 1 } text && text.TrimStart().StartsWith('{'))
        {
            try
            {
                using var inner = JsonDocument.Parse(text);
                return Find(inner.RootElement, path);
            }
            catch (JsonException)
            {
                return null;
            }
        }
        var current = parent;
        foreach (var name in path.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
            {
                return null;
            }
        }
        return current.ValueKind == JsonValueKind.String ? Time(current.GetString()) : null;
    }

    /// <summary>RFC 3339 (an offset or Z; none = UTC), or Go's <c>2006-01-02 15:04:05.999999999 -0700 MST</c>; null otherwise.</summary>
    public static DateTimeOffset? Time(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (GoTime().Match(text.Trim()) is { Success: true } go)
        {
            var fraction = go.Groups["fraction"].Value;
            text = $"{go.Groups["date"].Value}T{go.Groups["time"].Value}{(fraction.Length > 0 ? "." + fraction[..Math.Min(7, fraction.Length)] : "")}{go.Groups["sign"].Value}{go.Groups["hours"].Value}:{go.Groups["minutes"].Value}";
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : null;
    }

    [GeneratedRegex(@"^(?<date>\d{4}-\d{2}-\d{2}) (?<time>\d{2}:\d{2}:\d{2})(?:\.(?<fraction>\d+))? (?<sign>[+-])(?<hours>\d{2})(?<minutes>\d{2})(?: [A-Za-z0-9+-]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex GoTime();
}
