namespace Platform.Insights.Ingest.Tests.Fuzz;

/// <summary>What one fuzzing session of a target did: executions, wall time, corpus size, and what broke.</summary>
public sealed record FuzzRun(string Target, long Executions, TimeSpan Elapsed, int Corpus, int Edges, IReadOnlyList<FuzzFinding> Findings)
{
    public override string ToString() =>
        $"{Target}: {Executions} execs in {Elapsed.TotalSeconds:0.0} s, corpus {Corpus}{(Edges > 0 ? $", {Edges} edges" : "")}, {Findings.Count} findings";
}
