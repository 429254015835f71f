using Platform.Insights.Ingest.Tests.Fuzz;

namespace Platform.Insights.Bench.Fuzz;

/// <summary>Counts the edges a blind run reaches (for comparison) without letting them steer the corpus.</summary>
public sealed class CountingOnly(IFuzzCoverage inner) : IFuzzCoverage
{
    public int EdgesSeen => inner.EdgesSeen;

    public void Reset() => inner.Reset();

    public bool HasNewEdges()
    {
        inner.HasNewEdges();
        return false;
    }
}
