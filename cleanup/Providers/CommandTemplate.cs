using System.Diagnostics;
using System.Text.RegularExpressions;
using Platform.Insights.Cleanup.Execution;

namespace Platform.Insights.Cleanup.Providers;

/// <summary>
/// Turns an argv template into a <see cref="ProcessStartInfo"/> without a shell: the program is the first element, each
/// further element becomes exactly one argument (<see cref="ProcessStartInfo.ArgumentList"/>), placeholders are
/// substituted inside it, so a value with spaces, quotes or <c>;</c> stays one inert argument. A value that would start
/// an argument with <c>-</c> (option injection), holds control or invisible format characters (bidi overrides) or a
/// <c>..</c> path segment (a template that builds a path) is refused.
/// </summary>
public static partial class CommandTemplate
{
    public static IReadOnlyList<string> Placeholders { get; } =
        ["resource", "name", "type", "namespace", "team", "environment", "replicas", "step", "plan", "finding", "action"];

    public static string? UnknownPlaceholder(IEnumerable<string> argv) =>
        argv.SelectMany(a => PlaceholderPattern().Matches(a)).Select(m => m.Groups[1].Value).FirstOrDefault(p => !Placeholders.Contains(p));

    public static ProcessStartInfo Build(IReadOnlyList<string> argv, CleanupStep step)
    {
        var values = Values(step);
        var info = new ProcessStartInfo(Substitute(argv[0], values, first: true))
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
        };
        foreach (var argument in argv.Skip(1))
        {
            info.ArgumentList.Add(Substitute(argument, values, first: false));
        }
        return info;
    }

    private static string Substitute(string template, Dictionary<string, string?> values, bool first)
    {
        var result = PlaceholderPattern().Replace(template, m =>
        {
            var value = values[m.Groups[1].Value] ?? throw new CommandTemplateException($"{{{m.Groups[1].Value}}} has no value for this step");
            if (value.Any(c => char.IsControl(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format))
            {
                // Bidi overrides and zero-width characters are inert to the program but make the approval and audit text lie.
                throw new CommandTemplateException($"{{{m.Groups[1].Value}}} holds control or invisible format characters; refused");
            }
            if (value.Split('/').Any(segment => segment is ".." or "."))
            {
                throw new CommandTemplateException($"{{{m.Groups[1].Value}}} '{value}' holds a '.' or '..' path segment (path traversal); refused");
            }
            if (m.Index == 0 && value.StartsWith('-'))
            {
                throw new CommandTemplateException($"{{{m.Groups[1].Value}}} '{value}' would start an argument with '-' (option injection); refused");
            }
            return value;
        });
        if (first && result != template)
        {
            throw new CommandTemplateException("the program of a command template cannot come from a placeholder");
        }
        return result;
    }

    private static Dictionary<string, string?> Values(CleanupStep step) => new(StringComparer.Ordinal)
    {
        ["resource"] = step.ResourceId,
        ["name"] = step.ResourceId.Split('/')[^1],
        ["type"] = step.ResourceType,
        ["namespace"] = step.Namespace,
        ["team"] = step.Team,
        ["environment"] = step.Environment,
        ["replicas"] = step.Replicas?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["step"] = step.StepId,
        ["plan"] = step.PlanId,
        ["finding"] = step.FindingId,
        ["action"] = step.Action.ToString(),
    };

    [GeneratedRegex(@"\{([a-z]+)\}")]
    private static partial Regex PlaceholderPattern();
}
