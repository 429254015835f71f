using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Platform.Insights.Reports.Building;
using Platform.Insights.Reports.History;
using Platform.Insights.Reports.Model;
using Platform.Insights.Reports.Rendering;

namespace Platform.Insights.Reports;

/// <summary>
/// Builds a report, writes its files (under the history's root — <c>DATA/reports/ID/</c>, or the cluster's shared
/// directory — or <c>--out DIR/ID/</c>) and records it in the history.
/// A report for the same kind, period and team replaces the earlier one — files and row — and the result says so.
/// </summary>
public sealed class ReportGenerator(ReportBuilder builder, IReportHistory history, ChromiumPdfPrinter pdf,
    ReportMeters meters, ReportFolders folders, ILogger<ReportGenerator> logger)
{
    public async Task<GeneratedReport> GenerateAsync(ReportRequest request, ReportFormats formats, string? outDirectory, string trigger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var clock = Stopwatch.StartNew();
        var kind = request.Kind.ToString().ToLowerInvariant();
        try
        {
            var report = await builder.BuildAsync(request, cancellationToken);
            var root = outDirectory ?? history.ReportsRoot;
            var directory = Path.GetFullPath(Path.Combine(root, report.Id));
            GeneratedFiles written;
            // One generation of a report id at a time among every process sharing the history (a cluster's silos too):
            // a concurrent re-run waits here and then replaces this one, so the history and the folder agree.
            await using (await history.LockAsync(report.Id, cancellationToken))
            {
                written = await SwapInAsync(report, kind, formats, directory, trigger, cancellationToken);
            }
            var (files, replaced) = written;
            meters.Generated(kind, trigger, replaced is not null, clock.Elapsed);
            var names = string.Join(",", ReportFormatNames.Names(formats));
            var replacing = replaced is null ? "" : $", replacing the one generated {ReportFormat.Utc(replaced.GeneratedAt)}";
            ReportLog.Generated(logger, report.Id, directory, names, clock.Elapsed.TotalSeconds, replacing);
            return new GeneratedReport(report, directory, files, replaced, clock.Elapsed);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            meters.Failed(kind);
            ReportLog.Failed(logger, e, kind, request.Period.Name);
            throw;
        }
    }

    /// <summary>A history row's directory as a full path (relative rows are under the history's base directory).</summary>
    public string Resolve(string directory) => history.FullDirectory(directory);

    private async Task<GeneratedFiles> SwapInAsync(Report report, string kind, ReportFormats formats, string directory, string trigger, CancellationToken cancellationToken)
    {
        var previous = await history.FindAsync(report.Id, cancellationToken);
        // The files are written into a staging folder and swapped in whole, and the row is recorded only after:
        // a process killed meanwhile leaves the previous report (files and row) as it was, never half a report.
        var staging = directory + ReportFolders.StagingSuffix;
        await folders.RecoverSwapAsync(directory, cancellationToken);
        Directory.CreateDirectory(staging);
        var files = (await WriteAsync(report, formats, staging, cancellationToken)).Select(f => Path.Combine(directory, Path.GetRelativePath(staging, f))).ToList();
        await folders.SwapInAsync(directory, cancellationToken);
        var replaced = await history.RecordAsync(new ReportRecord(report.Id, kind, report.Period.Name, report.Team, report.Period.From, report.Period.To,
            report.GeneratedAt, trigger, history.StoredDirectory(directory), ReportFormatNames.Names(formats), 0), cancellationToken);
        await folders.RetireAsync(directory, CancellationToken.None);
        if (previous is not null && Resolve(previous.Directory) is var old && Directory.Exists(old) && old != directory)
        {
            Directory.Delete(old, recursive: true);
        }
        return new GeneratedFiles(files, replaced);
    }

    private sealed record GeneratedFiles(IReadOnlyList<string> Files, ReportRecord? Replaced);

    /// <summary>Renders <paramref name="report"/> in <paramref name="formats"/> into <paramref name="directory"/>; returns the files written.</summary>
    public async Task<IReadOnlyList<string>> WriteAsync(Report report, ReportFormats formats, string directory, CancellationToken cancellationToken)
    {
        var files = new List<string>();
        async Task Write(string name, string content)
        {
            var path = Path.Combine(directory, name);
            await File.WriteAllTextAsync(path, content, cancellationToken);
            files.Add(path);
        }
        var html = Path.Combine(directory, "report.html");
        if (formats.HasFlag(ReportFormats.Html) || formats.HasFlag(ReportFormats.Pdf))
        {
            await Write("report.html", HtmlReportRenderer.Render(report));
        }
        if (formats.HasFlag(ReportFormats.Pdf))
        {
            var pdfFile = Path.Combine(directory, "report.pdf");
            await pdf.PrintAsync(html, pdfFile, cancellationToken);
            files.Add(pdfFile);
            if (!formats.HasFlag(ReportFormats.Html))
            {
                File.Delete(html);
                files.Remove(html);
            }
        }
        if (formats.HasFlag(ReportFormats.Markdown))
        {
            await Write("report.md", MarkdownReportRenderer.Render(report));
        }
        if (formats.HasFlag(ReportFormats.Csv))
        {
            foreach (var (name, content) in CsvReportRenderer.Render(report))
            {
                await Write(name + ".csv", content);
            }
        }
        if (formats.HasFlag(ReportFormats.Json))
        {
            await Write("report.json", JsonReportRenderer.Render(report));
        }
        return files;
    }
}
