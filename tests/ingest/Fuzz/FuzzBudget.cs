using System.Globalization;

namespace Platform.Insights.Ingest.Tests.Fuzz;

/// <summary>
/// The CI fuzz budget per parser: <c>INSIGHTS_FUZZ_SECONDS</c> (default 2, so the ingest parsers together take
/// ~20 s on two cores); bench/fuzz.sh runs the same targets for longer. The seed is fixed unless
/// <c>INSIGHTS_FUZZ_SEED</c> is set, so a CI failure reproduces.
/// </summary>
public static class FuzzBudget
{
    public static TimeSpan PerTarget =>
        TimeSpan.FromSeconds(double.TryParse(Environment.GetEnvironmentVariable("INSIGHTS_FUZZ_SECONDS"), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0 ? s : 2);

    public static int Seed =>
        int.TryParse(Environment.GetEnvironmentVariable("INSIGHTS_FUZZ_SEED"), CultureInfo.InvariantCulture, out var seed) ? seed : 20261129;

    /// <summary>A failure message that shows each finding and the input as base64, to drop into the regression folder.</summary>
    public static string Describe(FuzzRun run) =>
        run + Environment.NewLine + string.Join(Environment.NewLine, run.Findings.Select(f => $"{f}{Environment.NewLine}  input (base64): {Convert.ToBase64String(f.Input)}"));
}
