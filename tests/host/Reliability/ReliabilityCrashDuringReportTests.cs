using System.Globalization;
using System.Text.Json;
using Platform.Insights.Host.Tests.Support;
using Xunit.Abstractions;

namespace Platform.Insights.Host.Tests.Reliability;

/// <summary>
/// SIGKILL during report generation, first and re-run: <c>report list</c> never lists a report whose files are not all
/// there and whole (the JSON parses, the Markdown is present), and a re-run after the kill generates it normally.
/// </summary>
public sealed class ReliabilityCrashDuringReportTests(ITestOutputHelper output) : IDisposable
{
    private static readonly string[] Generate = ["report", "weekly", "--period", "2026-W47", "--format", "json,md,csv"];
    private readonly TempDir _work = new("crash-report");

    /// <summary>Generous: on a loaded 2-core machine a run can take minutes, and a timeout here would only hide the verdict.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(10);

    public void Dispose() => _work.Dispose();

    [Fact]
    public async Task A_killed_report_generation_never_leaves_a_half_written_report_listed()
    {
        var trials = CrashTrials.Count(ciDefault: 1);
        var failures = new List<string>();
        for (var trial = 0; trial < trials; trial++)
        {
            var seed = CrashTrials.BaseSeed + trial;
            var random = new Random(seed);
            var data = _work.Sub($"data-{trial}");
            // A re-run is the riskier case (the listed report's folder is replaced), so half the trials have one listed first.
            var rerun = random.Next(2) == 1;
            if (rerun)
            {
                var first = await InsightsExe.RunAsync(_work.Path, [.. Generate, "--data", data], timeout: Patience);
                Assert.True(first.ExitCode == 0, first.ToString());
            }
            var delay = TimeSpan.FromMilliseconds(1_000 + random.Next(5_000));
            var killed = await KilledCommand.RunAndKillAsync(_work.Path, [.. Generate, "--data", data], delay);
            var afterKill = await ListedProblemsAsync(data);
            var again = await InsightsExe.RunAsync(_work.Path, [.. Generate, "--data", data], timeout: Patience);
            var afterRerun = await ListedProblemsAsync(data);

            var bad = afterKill.Problems.Count > 0 || afterRerun.Problems.Count > 0 || again.ExitCode != 0 || afterRerun.Listed != 1;
            var verdict = bad ? "HALF-WRITTEN " + string.Join("; ", afterKill.Problems.Concat(afterRerun.Problems)) + " " + again : "ok";
            var line = string.Create(CultureInfo.InvariantCulture,
                $"report seed={seed} rerun={rerun} kill_after={delay.TotalMilliseconds:0}ms killed={killed} listed_after_kill={afterKill.Listed} listed_after_rerun={afterRerun.Listed} => {verdict}");
            output.WriteLine(line);
            CrashTrials.Record(line);
            if (bad)
            {
                failures.Add(line);
            }
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    /// <summary>How many reports <c>report list</c> shows, and what is wrong with the files of each.</summary>
    private async Task<(int Listed, List<string> Problems)> ListedProblemsAsync(string data)
    {
        var list = await InsightsExe.RunAsync(_work.Path, ["report", "list", "--format", "json", "--data", data], timeout: Patience);
        Assert.True(list.ExitCode == 0, list.ToString());
        using var json = JsonDocument.Parse(list.Stdout);
        var problems = new List<string>();
        var rows = json.RootElement.EnumerateArray().ToList();
        foreach (var row in rows)
        {
            var directory = row.GetProperty("directory").GetString()!;
            var full = Path.IsPathRooted(directory) ? directory : Path.Combine(data, directory);
            var report = Path.Combine(full, "report.json");
            if (!File.Exists(report) || !File.Exists(Path.Combine(full, "report.md")))
            {
                problems.Add($"{directory}: files missing");
                continue;
            }
            try
            {
                using var parsed = JsonDocument.Parse(await File.ReadAllTextAsync(report));
            }
            catch (JsonException e)
            {
                problems.Add($"{directory}: report.json is cut ({e.Message})");
            }
        }
        return (rows.Count, problems);
    }
}
