using System.Globalization;
using System.Text.RegularExpressions;
using Platform.Insights.Analytics.Idle;
using Platform.Insights.Cleanup.Execution;
using Platform.Insights.Ingest.Parsers;
using Platform.Insights.Ingest.Records;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Platform.Insights.Cleanup.Policies;

/// <summary>
/// Reads and validates the cleanup policy YAML. Every error names the file, the line and the field
/// (<c>policies[1].ladder[2].grace</c>), and unknown keys are errors: a misspelt guardrail must not silently vanish.
/// </summary>
public static partial class CleanupPolicyFile
{
    private static readonly string[] PolicyKeys = ["name", "select", "ladder", "schedule", "enforce", "maxResources", "maxPercent"];
    private static readonly string[] SelectKeys = ["resourceTypes", "states", "teams", "environments", "tags", "minMonthlySavings"];
    private static readonly CleanupAction[] LadderActions = [CleanupAction.Notify, CleanupAction.Stop, CleanupAction.ScaleToZero, CleanupAction.Snapshot, CleanupAction.Verify, CleanupAction.Delete];

    /// <summary>Smallest grace between two rungs: a grace period can never be zero.</summary>
    public static readonly TimeSpan MinimumGrace = TimeSpan.FromHours(1);

    /// <summary>Longest grace between two rungs (ten years): beyond it the date arithmetic of a plan could overflow.</summary>
    public static readonly TimeSpan MaximumGrace = TimeSpan.FromDays(3650);

    public static IReadOnlyList<CleanupPolicy> Load(string path, TimeSpan defaultGrace)
    {
        var full = Path.GetFullPath(path);
        using var reader = new StreamReader(full);
        return Parse(reader, path, defaultGrace);
    }

    public static IReadOnlyList<CleanupPolicy> Parse(TextReader text, string file, TimeSpan defaultGrace)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new YamlNestingLimit(new Parser(text), file));
        }
        catch (YamlException e)
        {
            throw new InputFormatException(file, e.Start.Line, $"not valid YAML: {e.Message}");
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // YamlDotNet throws these without a position for some broken documents (an unterminated flow list).
            throw new InputFormatException(file, null, $"not valid YAML: {e.Message}");
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new InputFormatException(file, 1, "expected a mapping with a 'policies' list");
        }
        var fields = new Fields(file);
        fields.OnlyKeys(root, ["policies"], "");
        if (Fields.Child(root, "policies") is not YamlSequenceNode list || list.Children.Count == 0)
        {
            throw fields.Error(root, "policies must be a non-empty list");
        }
        var policies = new List<CleanupPolicy>();
        for (var i = 0; i < list.Children.Count; i++)
        {
            var policy = ParsePolicy(fields, list.Children[i], $"policies[{i}]", defaultGrace);
            if (policies.Any(p => p.Name == policy.Name))
            {
                throw fields.Error(list.Children[i], $"policies[{i}].name '{policy.Name}' is used twice");
            }
            policies.Add(policy);
        }
        return policies;
    }

    private static CleanupPolicy ParsePolicy(Fields fields, YamlNode node, string path, TimeSpan defaultGrace)
    {
        if (node is not YamlMappingNode map)
        {
            throw fields.Error(node, $"{path} must be a mapping");
        }
        fields.OnlyKeys(map, PolicyKeys, path);
        var name = fields.String(map, "name", path) ?? throw fields.Error(map, $"{path}.name is required");
        if (!NamePattern().IsMatch(name))
        {
            throw fields.Error(map, $"{path}.name '{name}' must be lower-case letters, digits and dashes");
        }
        var select = Fields.Child(map, "select") as YamlMappingNode ?? throw fields.Error(map, $"{path}.select is required (a mapping)");
        fields.OnlyKeys(select, SelectKeys, $"{path}.select");
        var states = fields.List(select, "states", $"{path}.select").Select(s => ParseState(fields, select, s, $"{path}.select.states")).ToList();
        if (states.Count == 0)
        {
            states.Add(IdleState.Idle);
        }
        var ladder = ParseLadder(fields, map, $"{path}.ladder", defaultGrace);
        if (states.Any(s => s is IdleState.Underutilized or IdleState.Scheduled) && ladder.Any(s => s.Action != CleanupAction.Notify))
        {
            throw fields.Error(map, $"{path}.ladder: Underutilized and Scheduled findings are rightsized or scheduled, never stopped or deleted: only notify is allowed");
        }
        var schedule = fields.String(map, "schedule", path) ?? "0 10 * * 1-5";
        if (!CronPattern().IsMatch(schedule))
        {
            throw fields.Error(Fields.Child(map, "schedule") ?? map, $"{path}.schedule '{schedule}' must be a 5-field cron expression");
        }
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Fields.Child(select, "tags") is { } tagNode)
        {
            if (tagNode is not YamlMappingNode tagMap)
            {
                throw fields.Error(tagNode, $"{path}.select.tags must be a mapping of tag key to value ('' = any value)");
            }
            foreach (var (key, value) in tagMap.Children)
            {
                if (key is not YamlScalarNode scalarKey)
                {
                    throw fields.Error(key, $"{path}.select.tags keys must be plain text");
                }
                tags[scalarKey.Value ?? ""] = (value as YamlScalarNode)?.Value ?? "";
            }
        }
        var maxResources = fields.Number(map, "maxResources", path);
        var maxPercent = fields.Number(map, "maxPercent", path);
        if (maxResources is { } n && (n < 1 || n != Math.Floor(n) || n > int.MaxValue))
        {
            throw fields.Error(map, $"{path}.maxResources must be a whole number of at least 1 (and at most {int.MaxValue})");
        }
        if (maxPercent is { } p && p is <= 0 or > 100)
        {
            throw fields.Error(map, $"{path}.maxPercent must be above 0 and at most 100");
        }
        var minSavings = fields.Number(select, "minMonthlySavings", $"{path}.select");
        if (minSavings is { } m && Math.Abs(m) > 1e15)
        {
            // Checked before the decimal conversion below, which throws past 7.9e28 (found by fuzzing).
            throw fields.Error(select, $"{path}.select.minMonthlySavings '{m}' is out of range");
        }
        return new CleanupPolicy(
            name, fields.File, Fields.Line(map),
            fields.List(select, "resourceTypes", $"{path}.select"), states,
            fields.List(select, "teams", $"{path}.select"), fields.List(select, "environments", $"{path}.select"), tags,
            minSavings is null ? null : (decimal)minSavings.Value, ladder, schedule,
            fields.Bool(map, "enforce", path) ?? false,
            maxResources is null ? null : (int)maxResources.Value, maxPercent);
    }

    private static IdleState ParseState(Fields fields, YamlNode near, string value, string path)
    {
        if (!Enum.TryParse<IdleState>(value, ignoreCase: true, out var state) || !Enum.IsDefined(state))
        {
            throw fields.Error(near, $"{path}: '{value}' is not a state (Idle, Underutilized, Scheduled)");
        }
        if (state is IdleState.Active or IdleState.Undetermined)
        {
            throw fields.Error(near, $"{path}: {state} findings are never actionable");
        }
        return state;
    }

    private static List<CleanupLadderStep> ParseLadder(Fields fields, YamlMappingNode map, string path, TimeSpan defaultGrace)
    {
        if (Fields.Child(map, "ladder") is not YamlSequenceNode list || list.Children.Count == 0)
        {
            throw fields.Error(map, $"{path} is required: a list of steps starting with notify");
        }
        var ladder = new List<CleanupLadderStep>();
        for (var i = 0; i < list.Children.Count; i++)
        {
            var stepPath = $"{path}[{i}]";
            if (list.Children[i] is not YamlMappingNode step)
            {
                throw fields.Error(list.Children[i], $"{stepPath} must be a mapping with action (and grace)");
            }
            fields.OnlyKeys(step, ["action", "grace"], stepPath);
            var actionText = fields.String(step, "action", stepPath) ?? throw fields.Error(step, $"{stepPath}.action is required");
            if (!Enum.TryParse<CleanupAction>(actionText.Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out var action) || !LadderActions.Contains(action))
            {
                throw fields.Error(step, $"{stepPath}.action '{actionText}' must be one of notify, stop, scale_to_zero, snapshot, verify, delete");
            }
            if (ladder.Any(s => s.Action == action))
            {
                throw fields.Error(step, $"{stepPath}.action {actionText} appears twice");
            }
            var graceText = fields.String(step, "grace", stepPath);
            var grace = graceText is null ? (i == 0 ? TimeSpan.Zero : defaultGrace) : ParseGrace(fields, step, graceText, $"{stepPath}.grace");
            if (i == 0 && action != CleanupAction.Notify)
            {
                throw fields.Error(step, $"{stepPath}.action must be notify: the owner hears first");
            }
            ladder.Add(new CleanupLadderStep(action, grace));
        }
        var delete = ladder.FindIndex(s => s.Action == CleanupAction.Delete);
        var snapshot = ladder.FindIndex(s => s.Action == CleanupAction.Snapshot);
        var verify = ladder.FindIndex(s => s.Action == CleanupAction.Verify);
        if (delete >= 0 && !(snapshot >= 0 && verify > snapshot && delete > verify))
        {
            throw fields.Error(list.Children[delete], $"{path}[{delete}]: delete needs snapshot then verify before it");
        }
        if (verify >= 0 && snapshot < 0)
        {
            throw fields.Error(list.Children[verify], $"{path}[{verify}]: verify needs a snapshot before it");
        }
        return ladder;
    }

    /// <summary>Parses 3d, 12h, 30m or a TimeSpan; zero, under <see cref="MinimumGrace"/> or over <see cref="MaximumGrace"/> is refused.</summary>
    public static TimeSpan ParseGrace(Fields fields, YamlNode near, string text, string path)
    {
        var match = DurationPattern().Match(text.Trim());
        TimeSpan grace;
        if (match.Success)
        {
            var n = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            var unit = match.Groups[2].Value;
            var limit = unit switch
            {
                "d" => MaximumGrace.TotalDays,
                "h" => MaximumGrace.TotalHours,
                "m" => MaximumGrace.TotalMinutes,
                _ => MaximumGrace.TotalSeconds,
            };
            // Checked before building the TimeSpan: 99999999999d would overflow it (found by fuzzing).
            grace = n > limit ? TimeSpan.MaxValue : unit switch
            {
                "d" => TimeSpan.FromDays(n),
                "h" => TimeSpan.FromHours(n),
                "m" => TimeSpan.FromMinutes(n),
                _ => TimeSpan.FromSeconds(n),
            };
        }
        else if (!TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out grace))
        {
            throw fields.Error(near, $"{path} '{text}' must be a duration like 3d, 12h or 30m");
        }
        if (grace > MaximumGrace)
        {
            throw fields.Error(near, $"{path} '{text}' is too long: a grace period is at most {MaximumGrace.TotalDays:0}d");
        }
        if (grace < MinimumGrace)
        {
            throw fields.Error(near, $"{path} '{text}' is too short: a grace period cannot be zero and must be at least 1h");
        }
        return grace;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^\S+(\s+\S+){4}$")]
    private static partial Regex CronPattern();

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)\s*(d|h|m|s)$")]
    private static partial Regex DurationPattern();
}
