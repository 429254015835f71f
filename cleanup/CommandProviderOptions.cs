using Platform.Insights.Cleanup.Execution;
using Platform.Insights.Cleanup.Providers;

namespace Platform.Insights.Cleanup;

/// <summary>
/// The <c>command</c> action provider: per action, a program and its arguments (a list, never a shell line), with
/// placeholders such as <c>{resource}</c>, <c>{namespace}</c>, <c>{replicas}</c>, e.g.
/// <c>ScaleToZero: [kubectl, scale, deployment/{name}, -n, {namespace}, --replicas=0]</c>.
/// </summary>
public sealed class CommandProviderOptions
{
    /// <summary>Action name (Notify, Stop, Start, ScaleToZero, RestoreReplicas, ReadReplicas, Snapshot, Verify, Delete) → argv template.</summary>
    public Dictionary<string, string[]> Templates { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(5);

    internal IEnumerable<string> Validate(string prefix, bool used)
    {
        foreach (var (action, argv) in Templates)
        {
            if (!Enum.TryParse<CleanupAction>(action, ignoreCase: true, out _) && !string.Equals(action, CommandActionProvider.ReadReplicas, StringComparison.OrdinalIgnoreCase))
            {
                yield return $"{prefix}:Templates:{action} is not an action ({string.Join(", ", Enum.GetNames<CleanupAction>())}, {CommandActionProvider.ReadReplicas})";
            }
            else if (argv.Length == 0 || string.IsNullOrWhiteSpace(argv[0]))
            {
                yield return $"{prefix}:Templates:{action} must start with the program to run";
            }
            else if (CommandTemplate.UnknownPlaceholder(argv) is { } unknown)
            {
                yield return $"{prefix}:Templates:{action} uses unknown placeholder {{{unknown}}} (known: {string.Join(", ", CommandTemplate.Placeholders)})";
            }
        }
        if (used && Templates.Count == 0)
        {
            yield return $"{prefix}:Templates must name at least one action when Provider is command";
        }
        if (Timeout <= TimeSpan.Zero)
        {
            yield return $"{prefix}:Timeout must be above zero";
        }
    }
}
