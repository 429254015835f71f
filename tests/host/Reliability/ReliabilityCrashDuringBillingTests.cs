using System.Globalization;
using System.Text;
using System.Text.Json;
using Platform.Insights.Host.Tests.Support;
using Xunit.Abstractions;

namespace Platform.Insights.Host.Tests.Reliability;

/// <summary>
/// SIGKILL during a large billing import and during a restatement: after the kill the store holds the delivery before
/// it (old rows) or, after the import is run again, the new delivery — the row count is never in between, and the rows
/// are never there twice. The delivery is the FOCUS sample repeated (same provider, account and billing period), so the
/// second delivery restates the first.
/// </summary>
public sealed class ReliabilityCrashDuringBillingTests(ITestOutputHelper output) : IDisposable
{
    private const int Repeats = 60;
    private readonly TempDir _work = new("crash-billing");

    /// <summary>Generous: on a loaded 2-core machine a run can take minutes, and a timeout here would only hide the verdict.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(10);

    public void Dispose() => _work.Dispose();

    [Fact]
    public async Task A_killed_import_or_restatement_leaves_old_rows_or_new_rows_never_a_mix_and_a_rerun_stores_each_row_once()
    {
        var sample = File.ReadAllLines(InsightsExe.FocusSample);
        var header = sample[0];
        var rows = sample.Skip(1).Where(l => l.Length > 0).ToArray();
        var small = _work.Write("delivery-1.csv", header + "\n" + string.Join('\n', rows) + "\n");
        var large = _work.Write("delivery-2.csv", BuildLarge(header, rows));
        long oldRows = rows.Length, newRows = (long)rows.Length * Repeats;

        var trials = CrashTrials.Count(ciDefault: 1);
        var failures = new List<string>();
        for (var trial = 0; trial < trials; trial++)
        {
            var seed = CrashTrials.BaseSeed + trial;
            var random = new Random(seed);
            var data = _work.Sub($"data-{trial}");
            var first = await InsightsExe.RunAsync(_work.Path, ["import", "billing", small, "--data", data], timeout: Patience);
            Assert.True(first.ExitCode == 0, first.ToString());

            var delay = TimeSpan.FromMilliseconds(1_000 + random.Next(14_000));
            var killed = await KilledCommand.RunAndKillAsync(_work.Path, ["import", "billing", large, "--data", data], delay);
            var afterKill = await CountAsync(data);
            var rerun = await InsightsExe.RunAsync(_work.Path, ["import", "billing", large, "--data", data], timeout: Patience);
            Assert.True(rerun.ExitCode == 0, rerun.ToString());
            var afterRerun = await CountAsync(data);

            var mixed = afterKill.Rows != oldRows && afterKill.Rows != newRows;
            // Exactly the new delivery's rows, all under its one import: none lost, none twice, nothing of the old one left.
            var wrongEnd = afterRerun.Rows != newRows || afterRerun.Imports != 1;
            var verdict = mixed ? "MIX" : wrongEnd ? (afterRerun.Rows < newRows ? "LOST" : "DUPLICATED")
                : afterKill.Rows == oldRows ? "old rows kept, rerun restated" : "new rows committed before the kill";
            var line = string.Create(CultureInfo.InvariantCulture,
                $"billing seed={seed} kill_after={delay.TotalMilliseconds:0}ms killed={killed} old={oldRows} new={newRows} after_kill={afterKill.Rows} after_rerun={afterRerun.Rows} (imports {afterRerun.Imports}) => {verdict}");
            output.WriteLine(line);
            CrashTrials.Record(line);
            if (mixed || wrongEnd)
            {
                failures.Add(line);
            }
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    /// <summary>The sample's rows repeated: the same provider, account and billing period, so it restates the first delivery.</summary>
    private static string BuildLarge(string header, string[] rows)
    {
        var text = new StringBuilder(header).Append('\n');
        for (var copy = 0; copy < Repeats; copy++)
        {
            foreach (var row in rows)
            {
                text.Append(row).Append('\n');
            }
        }
        return text.ToString();
    }

    private async Task<(long Rows, long Imports)> CountAsync(string data)
    {
        var result = await InsightsExe.RunAsync(_work.Path, ["query", "SELECT count(*) AS n, count(DISTINCT import_id) AS imports FROM focus_line_items", "--format", "json", "--data", data], timeout: Patience);
        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        var row = json.RootElement[0];
        return (row.GetProperty("n").GetInt64(), row.GetProperty("imports").GetInt64());
    }
}
