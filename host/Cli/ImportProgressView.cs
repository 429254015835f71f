using Platform.Insights.Ingest.Sources;
using Spectre.Console;

namespace Platform.Insights.Host.Cli;

/// <summary>
/// Shows import progress: a Spectre.Console progress bar per file on a terminal; when not on a terminal,
/// nothing until each file's closing line (logs and CI output stay readable).
/// </summary>
public static class ImportProgressView
{
    public static async Task<T> RunAsync<T>(string title, long totalBytes, Func<IProgress<ImportProgress>?, Task<T>> work)
    {
        if (Console.IsErrorRedirected || totalBytes <= 0)
        {
            return await work(null);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return await console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(title), maxValue: totalBytes);
                var completed = new Dictionary<string, long>(StringComparer.Ordinal);
                var progress = new Progress<ImportProgress>(p =>
                {
                    lock (completed)
                    {
                        completed[p.File] = p.BytesRead;
                        task.Value = completed.Values.Sum();
                        task.Description = Markup.Escape($"{title}: {Path.GetFileName(p.File)} {p.Records:N0} records");
                    }
                });
                var result = await work(progress);
                task.Value = totalBytes;
                return result;
            });
    }
}
