using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Platform.Insights.Dashboards.Kpis;
using Platform.Insights.Host.Runtime;

namespace Platform.Insights.Host.Cli;

/// <summary>
/// <c>insights dashboards backfill</c>: the KPI gauges' history as OpenMetrics for
/// <c>promtool tsdb create-blocks-from openmetrics</c>, so a new Prometheus shows the past instead of flat lines.
/// </summary>
public static class DashboardsBackfillCommand
{
    public const string FileName = "insights-kpi-history.om";

    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Directory the OpenMetrics file is written to.", Required = true };
        var days = new Option<int>("--days") { Description = "How many days back from the data's end.", DefaultValueFactory = _ => 30 };
        var step = new Option<string>("--step") { Description = "Resolution of the history (a whole number of hours, e.g. 1h, 6h).", DefaultValueFactory = _ => "1h" };
        var command = new Command("backfill", "Write the KPI history as OpenMetrics for promtool tsdb create-blocks-from openmetrics.") { output, days, step };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            var length = Step(parse.GetValue(step)!);
            var span = parse.GetValue(days);
            if (span is < 1 or > 400)
            {
                throw new UsageException("--days must be between 1 and 400");
            }
            var directory = Path.GetFullPath(parse.GetValue(output)!);
            Directory.CreateDirectory(directory);
            await using var runtime = await EmbeddedRuntime.StartAsync(GlobalOptions.Settings(parse, "dashboards"), cancellationToken);
            var reported = -1;
            var history = await runtime.Services.GetRequiredService<KpiHistoryBuilder>().BuildAsync(span, length, (done, total) =>
            {
                var tenth = done * 10 / total;
                if (tenth != reported)
                {
                    reported = tenth;
                    Console.Error.WriteLine($"backfill: {done:N0} of {total:N0} points computed");
                }
            }, cancellationToken);
            var path = Path.Combine(directory, FileName);
            var temporary = path + ".tmp";
            (int Series, long Samples) written;
            await using (var writer = new StreamWriter(temporary, append: false, new System.Text.UTF8Encoding(false), 1 << 16))
            {
                written = await OpenMetricsHistoryWriter.WriteAsync(writer, history, cancellationToken);
            }
            File.Move(temporary, path, overwrite: true);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"backfill: {written.Samples:N0} samples of {written.Series:N0} series over {span} days every {parse.GetValue(step)} written to {path}"));
            Console.WriteLine($"load it: promtool tsdb create-blocks-from openmetrics {path} PROMETHEUS_DATA_DIR");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static TimeSpan Step(string text)
    {
        if (text.EndsWith('h') && int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var hours) && hours is >= 1 and <= 24 && 24 % hours == 0)
        {
            return TimeSpan.FromHours(hours);
        }
        throw new UsageException($"--step must be a whole number of hours dividing a day (1h, 2h, 3h, 4h, 6h, 8h, 12h, 24h), not '{text}'");
    }
}
