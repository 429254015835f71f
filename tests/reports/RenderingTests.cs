using System.Text.RegularExpressions;
using Platform.Insights.Reports.Building;
using Platform.Insights.Reports.Model;
using Platform.Insights.Reports.Rendering;
using Platform.Insights.Reports.Tests.Support;

namespace Platform.Insights.Reports.Tests;

/// <summary>The rendered report opens in a real headless Chromium and its PDF turns into the expected page images.</summary>
public sealed partial class RenderingTests : IDisposable
{
    private readonly ReportStore _store = new(Seed.Baseline);

    public void Dispose() => _store.Dispose();

    private async Task<GeneratedReport> GenerateAsync(ReportFormats formats)
    {
        await Seed.UptimeAsync(_store);
        await Seed.BillingAsync(_store);
        return await _store.Get<ReportGenerator>().GenerateAsync(new ReportRequest(ReportKind.Weekly, ReportPeriod.Parse(ReportKind.Weekly, "2026-W47")),
            formats, null, "test", CancellationToken.None);
    }

    [Fact]
    public async Task The_html_report_opens_in_headless_chromium_without_console_errors_and_its_dom_holds_the_scorecard_and_charts()
    {
        var generated = await GenerateAsync(ReportFormats.Html);
        var html = Path.Combine(generated.Directory, "report.html");
        var profile = Directory.CreateTempSubdirectory("insights-test-chromium-").FullName;
        var shot = Path.Combine(generated.Directory, "screenshot.png");

        var dom = await Chromium.RunAsync("chromium", Chromium.Headless(profile, "--dump-dom", new Uri(html).AbsoluteUri));
        var screenshot = await Chromium.RunAsync("chromium", Chromium.Headless(profile, $"--screenshot={shot}", "--window-size=1000,2400", new Uri(html).AbsoluteUri));

        Assert.Equal(0, dom.Exit);
        Assert.Contains("<table id=\"scorecard\">", dom.Stdout, StringComparison.Ordinal);
        Assert.Contains("Availability", dom.Stdout, StringComparison.Ordinal);
        Assert.Equal(4, SvgCharts().Count(dom.Stdout)); // spend trend, availability, DORA bands, budget burn-down
        Assert.Contains("id=\"chart-dora-by-team\"", dom.Stdout, StringComparison.Ordinal);
        Assert.DoesNotMatch(ConsoleError(), dom.Stderr + screenshot.Stderr);
        Assert.DoesNotContain("<img", dom.Stdout, StringComparison.Ordinal); // nothing external that could break
        Assert.Equal(0, screenshot.Exit);
        Assert.True(new FileInfo(shot).Length > 10_000, "the screenshot should show a rendered page");
    }

    [Fact]
    public async Task The_pdf_turns_into_page_images_with_pdftoppm_one_per_page()
    {
        var generated = await GenerateAsync(ReportFormats.Pdf);
        var pdf = Path.Combine(generated.Directory, "report.pdf");
        Assert.Equal(["report.pdf"], generated.Files.Select(Path.GetFileName));

        var info = await Chromium.RunAsync("pdfinfo", pdf);
        var pages = int.Parse(PdfPages().Match(info.Stdout).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var images = Path.Combine(generated.Directory, "pages");
        Directory.CreateDirectory(images);
        var toppm = await Chromium.RunAsync("pdftoppm", "-png", "-r", "50", pdf, Path.Combine(images, "page"));

        Assert.Equal(0, toppm.Exit);
        Assert.InRange(pages, 2, 8); // scorecard, highlights, 4 charts and 10 tables on A4/Letter
        Assert.Equal(pages, Directory.GetFiles(images, "page-*.png").Length);
        Assert.All(Directory.GetFiles(images, "page-*.png"), f => Assert.True(new FileInfo(f).Length > 1_000));
    }

    [Fact]
    public async Task Markdown_csv_and_json_carry_the_same_scorecard()
    {
        var generated = await GenerateAsync(ReportFormats.Markdown | ReportFormats.Csv | ReportFormats.Json);
        var json = JsonReportRenderer.Read(await File.ReadAllTextAsync(Path.Combine(generated.Directory, "report.json")));
        var csv = await File.ReadAllLinesAsync(Path.Combine(generated.Directory, "scorecard.csv"));
        var md = await File.ReadAllTextAsync(Path.Combine(generated.Directory, "report.md"));

        Assert.Equal(generated.Report.Scorecard, json.Scorecard);
        Assert.Equal(generated.Report.Scorecard.Count + 1, csv.Length);
        Assert.All(generated.Report.Tables, t => Assert.True(File.Exists(Path.Combine(generated.Directory, t.Id + ".csv")), t.Id));
        Assert.All(generated.Report.Scorecard, r => Assert.Contains($"| {r.Kpi} |", md, StringComparison.Ordinal));
        Assert.Contains($"| {ReportFormat.Percent(generated.Report.Scorecard[0].Value)} |", md, StringComparison.Ordinal);
    }

    [GeneratedRegex("<svg[^>]*class=\"chart\"")]
    private static partial Regex SvgCharts();

    [GeneratedRegex(@"CONSOLE\(\d+\)|Uncaught|Failed to load resource", RegexOptions.IgnoreCase)]
    private static partial Regex ConsoleError();

    [GeneratedRegex(@"Pages:\s+(\d+)")]
    private static partial Regex PdfPages();
}
