using System.Diagnostics;

namespace Platform.Insights.Ingest.Tests.Fuzz;

/// <summary>
/// Runs a <see cref="FuzzTarget"/> for a time budget: every seed first, then mutations of the corpus. An input is a
/// finding when the parser throws an exception its contract does not document, breaks its contract, takes longer
/// than <see cref="FuzzLimits.Hang"/> or allocates past <see cref="FuzzLimits.AllocationBudget"/>. With
/// <see cref="IFuzzCoverage"/> an input that reaches new edges joins the corpus (coverage-guided); without, the corpus
/// stays the seeds. Seeded, so a run is reproducible from its seed and budget in executions.
/// </summary>
public static class MutationFuzzer
{
    public static FuzzRun Run(FuzzTarget target, TimeSpan budget, int seed, IFuzzCoverage? coverage = null, long maxExecutions = long.MaxValue, int maxFindings = 20)
    {
        ArgumentNullException.ThrowIfNull(target);
        var random = new Random(seed);
        var mutator = new Mutator(random, target.Tokens);
        var corpus = new List<byte[]>(target.Seeds.Count > 0 ? target.Seeds : [[]]);
        var findings = new List<FuzzFinding>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var started = Stopwatch.GetTimestamp();
        var executions = 0L;
        foreach (var input in corpus.ToList())
        {
            Execute(target, input, coverage, findings, seen);
            executions++;
        }
        while (Stopwatch.GetElapsedTime(started) < budget && executions < maxExecutions && findings.Count < maxFindings)
        {
            var parent = corpus[random.Next(0, corpus.Count)];
            var input = mutator.Mutate(parent, corpus);
            if (Execute(target, input, coverage, findings, seen))
            {
                corpus.Add(input);
            }
            executions++;
        }
        return new FuzzRun(target.Name, executions, Stopwatch.GetElapsedTime(started), corpus.Count, coverage?.EdgesSeen ?? 0, findings);
    }

    /// <summary>Runs one input; a finding is added to <paramref name="findings"/> once per distinct kind and message. Returns whether it found new edges.</summary>
    public static bool Execute(FuzzTarget target, byte[] input, IFuzzCoverage? coverage, List<FuzzFinding> findings, HashSet<string> seen)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(findings);
        ArgumentNullException.ThrowIfNull(seen);
        coverage?.Reset();
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var started = Stopwatch.GetTimestamp();
        FuzzFinding? finding = null;
        try
        {
            target.Run(input);
        }
        catch (FuzzContractException e)
        {
            finding = new FuzzFinding("contract", input, e.Message);
        }
        catch (Exception e) when (target.IsDocumented(e))
        {
        }
        catch (Exception e)
        {
            finding = new FuzzFinding("crash", input, $"{e.GetType().Name}: {e.Message} at {FirstFrame(e)}");
        }
        var elapsed = Stopwatch.GetElapsedTime(started);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        if (finding is null && elapsed > FuzzLimits.Hang)
        {
            finding = new FuzzFinding("hang", input, $"{elapsed.TotalSeconds:0.0} s");
        }
        if (finding is null && allocated > FuzzLimits.AllocationBudget(input.Length))
        {
            finding = new FuzzFinding("allocation", input, $"{allocated / (1 << 20)} MB for {input.Length} bytes");
        }
        if (finding is not null && seen.Add(finding.Kind + ":" + Signature(finding.Detail)))
        {
            findings.Add(finding);
        }
        return coverage?.HasNewEdges() ?? false;
    }

    private static string FirstFrame(Exception e) =>
        e.StackTrace?.Split('\n', StringSplitOptions.TrimEntries).FirstOrDefault() ?? "?";

    // Findings that differ only in numbers (offsets, lengths) are the same bug.
    private static string Signature(string detail) => new([.. detail.Where(c => !char.IsAsciiDigit(c)).Take(300)]);
}
