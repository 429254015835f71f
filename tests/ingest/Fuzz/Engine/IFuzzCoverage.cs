namespace Platform.Insights.Ingest.Tests.Fuzz;

/// <summary>
/// Coverage feedback for <see cref="MutationFuzzer"/>: cleared before each execution, asked afterwards whether the
/// execution reached an edge no earlier one did. Without it the fuzzer mutates the seeds only (blind mutation).
/// </summary>
public interface IFuzzCoverage
{
    void Reset();

    /// <summary>True when the last execution hit an edge never seen before (and records it as seen).</summary>
    bool HasNewEdges();

    int EdgesSeen { get; }
}
