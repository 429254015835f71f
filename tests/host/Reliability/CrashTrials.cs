using System.Globalization;

namespace Platform.Insights.Host.Tests.Reliability;

/// <summary>
/// How many SIGKILL trials a crash test runs and from which seed: a few in CI, <c>INSIGHTS_CRASH_TRIALS</c> (bench/crash.sh)
/// for the benchmark. Trial <c>i</c> uses seed <c>INSIGHTS_CRASH_SEED + i</c>, so a failing trial is re-run exactly by
/// its seed (the kill moments; the machine's timing still varies). Each trial's line is appended to
/// <c>INSIGHTS_CRASH_LOG</c> when set.
/// </summary>
public static class CrashTrials
{
    public static int Count(int ciDefault) =>
        int.TryParse(Environment.GetEnvironmentVariable("INSIGHTS_CRASH_TRIALS"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : ciDefault;

    public static int BaseSeed =>
        int.TryParse(Environment.GetEnvironmentVariable("INSIGHTS_CRASH_SEED"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 20261129;

    /// <summary>Records one trial's outcome (seed, what was sent, acknowledged, stored) for RELIABILITY.md.</summary>
    public static void Record(string line)
    {
        if (Environment.GetEnvironmentVariable("INSIGHTS_CRASH_LOG") is { Length: > 0 } path)
        {
            lock (typeof(CrashTrials))
            {
                File.AppendAllText(path, line + Environment.NewLine);
            }
        }
    }
}
