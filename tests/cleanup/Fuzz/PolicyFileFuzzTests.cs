using System.Globalization;
using System.Text;
using Platform.Insights.Cleanup.Policies;
using Platform.Insights.Ingest.Records;
using Platform.Insights.Ingest.Tests.Fuzz;

namespace Platform.Insights.Cleanup.Tests.Fuzz;

/// <summary>
/// The cleanup policy file is fuzzed for the CI budget (<c>INSIGHTS_FUZZ_SECONDS</c>, default 2 s) and its hostile
/// shapes are refused as clear errors: billion laughs, nesting past the limit, once-crashing inputs.
/// </summary>
public sealed class PolicyFileFuzzTests
{
    private static TimeSpan Budget =>
        TimeSpan.FromSeconds(double.TryParse(Environment.GetEnvironmentVariable("INSIGHTS_FUZZ_SECONDS"), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0 ? s : 2);

    [Fact]
    public void Mutated_policy_files_yield_only_input_format_errors_within_time_and_memory()
    {
        var run = MutationFuzzer.Run(PolicyFileFuzzTarget.Create(), Budget, seed: 20261129);

        Assert.True(run.Findings.Count == 0, string.Join(Environment.NewLine, run.Findings.Select(f => $"{f} {Convert.ToBase64String(f.Input)}")));
        Assert.True(run.Executions > 2, run.ToString());
    }

    public static TheoryData<string> Regressions() => [.. Directory.GetFiles(PolicyFileFuzzTarget.Regressions).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Regressions))]
    public void A_once_crashing_policy_file_is_now_a_clear_error(string file)
    {
        var findings = new List<FuzzFinding>();

        MutationFuzzer.Execute(PolicyFileFuzzTarget.Create(), File.ReadAllBytes(Path.Combine(PolicyFileFuzzTarget.Regressions, file)), null, findings, []);

        Assert.Empty(findings);
    }

    [Fact]
    public void Billion_laughs_in_a_policy_file_is_refused_without_expanding()
    {
        var yaml = new StringBuilder("l0: &l0 [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n");
        for (var i = 1; i < 10; i++)
        {
            yaml.Append($"l{i}: &l{i} [{string.Join(',', Enumerable.Repeat($"*l{i - 1}", 9))}]\n");
        }
        yaml.Append("policies:\n  - name: p\n    select:\n      resourceTypes: *l9\n    ladder:\n      - action: notify\n");
        var before = GC.GetAllocatedBytesForCurrentThread();

        var error = Assert.Throws<InputFormatException>(() => CleanupPolicyFile.Parse(new StringReader(yaml.ToString()), "laughs.yaml", TimeSpan.FromDays(7)));

        Assert.Equal("laughs.yaml", error.File);
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 16 << 20);
    }

    [Fact]
    public void A_policy_file_nested_100_000_deep_is_refused_not_a_stack_overflow()
    {
        var yaml = "policies: " + new string('[', 100_000) + new string(']', 100_000) + "\n";

        var error = Assert.Throws<InputFormatException>(() => CleanupPolicyFile.Parse(new StringReader(yaml), "deep.yaml", TimeSpan.FromDays(7)));

        Assert.Equal(("deep.yaml", 1L), (error.File, error.Line));
        Assert.Contains("nested deeper than", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("99999999999999999999d")]
    [InlineData("3651d")]
    [InlineData("\"10675199.02:48:05\"")]
    public void A_grace_beyond_ten_years_is_refused_naming_the_field(string grace)
    {
        var yaml = $"policies:\n  - name: p\n    select:\n      resourceTypes: [vm]\n    ladder:\n      - action: notify\n      - action: stop\n        grace: {grace}\n";

        var error = Assert.Throws<InputFormatException>(() => CleanupPolicyFile.Parse(new StringReader(yaml), "policies.yaml", TimeSpan.FromDays(7)));

        Assert.Contains("policies[0].ladder[1].grace", error.Message, StringComparison.Ordinal);
        Assert.Contains("too long", error.Message, StringComparison.Ordinal);
    }
}
