namespace Platform.Insights.Ingest.Tests.Fuzz;

/// <summary>
/// What counts as a hang or an unbounded allocation for one input. Parsers stream, so their allocation is a
/// fixed buffer plus a small multiple of the input; anything beyond (e.g. inflating a snappy bomb, expanding YAML
/// aliases) is a finding even when it does not crash.
/// </summary>
public static class FuzzLimits
{
    /// <summary>
    /// One input (at most 64 KiB) taking longer than this is a hang. Generous because the CI machine is shared and a
    /// loaded run is 10–20 times slower; the parsers take milliseconds, so a real hang (a loop) still shows.
    /// </summary>
    public static readonly TimeSpan Hang = TimeSpan.FromSeconds(10);

    /// <summary>Largest input the mutator produces.</summary>
    public const int MaxInputBytes = 64 * 1024;

    /// <summary>Bytes one execution may allocate on its thread: 48 MB of fixed buffers plus 512 per input byte.</summary>
    public static long AllocationBudget(int inputLength) => (48L << 20) + 512L * inputLength;
}
