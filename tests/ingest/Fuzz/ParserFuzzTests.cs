namespace Platform.Insights.Ingest.Tests.Fuzz;

/// <summary>
/// Each ingest parser, fuzzed for the CI budget (<see cref="FuzzBudget"/>) from its seeds: no input makes it throw
/// anything but its documented error, hang, or allocate beyond a streaming parser's budget.
/// </summary>
public sealed class ParserFuzzTests
{
    public static TheoryData<string> Targets() => [.. IngestFuzzTargets.All.Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(Targets))]
    public void Mutated_inputs_yield_only_documented_errors_within_time_and_memory(string target)
    {
        var run = MutationFuzzer.Run(IngestFuzzTargets.Named(target), FuzzBudget.PerTarget, FuzzBudget.Seed);

        Assert.True(run.Findings.Count == 0, FuzzBudget.Describe(run));
        Assert.True(run.Executions > IngestFuzzTargets.Named(target).Seeds.Count, $"only the seeds ran: {run}");
    }

    [Fact]
    public void Every_seed_parses_without_a_finding()
    {
        var findings = new List<FuzzFinding>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var target in IngestFuzzTargets.All)
        {
            Assert.NotEmpty(target.Seeds);
            foreach (var seed in target.Seeds)
            {
                MutationFuzzer.Execute(target, seed, null, findings, seen);
            }
        }

        Assert.Empty(findings);
    }
}
