using System.Text;
using Platform.Insights.Cleanup.Policies;
using Platform.Insights.Ingest.Records;
using Platform.Insights.Ingest.Tests.Fuzz;

namespace Platform.Insights.Cleanup.Tests.Fuzz;

/// <summary>The cleanup policy YAML reader as a fuzz target: any input parses or throws <see cref="InputFormatException"/> naming the file.</summary>
public static class PolicyFileFuzzTarget
{
    public const string File = "policies.yaml";

    public static FuzzTarget Create() => new(
        "cleanup-policy-yaml",
        [.. Seeds().Select(Encoding.UTF8.GetBytes)],
        [.. new[] { "---\n", "&a ", "*a", "[", "]", "{", "}", ": ", "- ", "  ", "!!binary ", "? ", "|\n", "<<: *a\n", "grace: ", "0d", "-1h", "99999999999d", "maxPercent: ", "1e400", "action: delete\n", "enforce: true\n" }.Select(Encoding.UTF8.GetBytes)],
        input =>
        {
            using var reader = new StreamReader(new MemoryStream(input), new UTF8Encoding(false, false));
            CleanupPolicyFile.Parse(reader, File, TimeSpan.FromDays(7));
        },
        e => e is InputFormatException f && f.File == File);

    private static IEnumerable<string> Seeds()
    {
        var example = Path.Combine(RepoRoot(), "docs", "cleanup-policies.example.yaml");
        yield return System.IO.File.ReadAllText(example);
        yield return """
            policies:
              - name: idle-vms
                select:
                  resourceTypes: [vm]
                  states: [idle]
                  teams: [payments]
                  tags: { env: dev }
                  minMonthlySavings: 10
                ladder:
                  - action: notify
                  - action: stop
                    grace: 3d
                  - action: delete
                    grace: 14d
                maxResources: 5
                maxPercent: 10
            """;
    }

    private static string RepoRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !System.IO.File.Exists(Path.Combine(directory.FullName, "Platform.Insights.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("Platform.Insights.sln not found above the test binaries");
    }

    public static string Regressions => Path.Combine(RepoRoot(), "tests", "cleanup", "Fuzz", "Regressions", "cleanup-policy-yaml");
}
