using System.Text.Json;
using Platform.Insights.Host.Tests.Support;

namespace Platform.Insights.Host.Tests;

/// <summary><c>insights import metrics|logs|billing</c> on hand-written files and the public FOCUS sample.</summary>
public sealed class ImportTests : IDisposable
{
    /// <summary>Seven samples in two series of two services, OpenMetrics text with second timestamps.</summary>
    private const string OpenMetrics = """
        # TYPE checkout_requests counter
        # HELP checkout_requests Requests served by checkout.
        checkout_requests_total{service="checkout",env="production",code="200"} 10 1767225600
        checkout_requests_total{service="checkout",env="production",code="200"} 25 1767225660
        checkout_requests_total{service="checkout",env="production",code="500"} 1 1767225600
        checkout_requests_total{service="checkout",env="production",code="500"} 2.5 1767225660.5
        # TYPE queue_depth gauge
        queue_depth{service="mailer",env="staging"} 3 1767225600
        queue_depth{service="mailer",env="staging"} 5 1767225660
        queue_depth{service="mailer",env="staging"} 4 1767225720
        # EOF

        """;

    /// <summary>Three ECS events: nested fields, dotted keys, epoch milliseconds, a blank line.</summary>
    private const string Ecs = """
        {"@timestamp":"2026-01-01T00:00:00.000Z","event":{"id":"ev-1","kind":"event","action":"deployment","outcome":"success"},"service":{"name":"checkout","environment":"production","version":"1.2.3"},"message":"deployed 1.2.3"}
        {"@timestamp":"2026-01-01T00:01:00.000Z","event.id":"ev-2","log.level":"error","service.name":"checkout","message":"payment provider timed out"}

        {"@timestamp":1767225720000,"service":{"name":"mailer"},"message":"queued","labels":{"queue":"outbound"}}

        """;

    private readonly TempDir _work = new("import");

    public void Dispose() => _work.Dispose();

    private string Data => _work.Sub("data");

    [Fact]
    public async Task OpenMetrics_file_imports_exactly_once()
    {
        var file = _work.Write("in/requests.om", OpenMetrics);

        var first = await InsightsExe.RunAsync(_work.Path, ["import", "metrics", "--data", Data, file]);
        var second = await InsightsExe.RunAsync(_work.Path, ["import", "metrics", "--data", Data, file]);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains($"metrics {file}: read 7, stored 7, duplicates dropped 0, rejected 0 in ", first.Stdout, StringComparison.Ordinal);
        Assert.Empty(first.Stderr);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains($"metrics {file}: already imported: already imported on ", second.Stdout, StringComparison.Ordinal);
        Assert.Contains("(7 stored then); nothing stored now (read 0, stored 0,", second.Stdout, StringComparison.Ordinal);
        Assert.Equal(7, StoreFile.Count(Data, "SELECT count(*) FROM metric_samples"));
        Assert.Equal(3, StoreFile.Count(Data, "SELECT count(DISTINCT series_id) FROM metric_samples"));
    }

    [Fact]
    public async Task A_bad_line_is_named_and_the_good_lines_are_stored()
    {
        var file = _work.Write("in/bad.om", WithBadLine());

        var result = await InsightsExe.RunAsync(_work.Path, ["import", "metrics", "--data", Data, file]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"metrics {file}: read 8, stored 7, duplicates dropped 0, rejected 1 in ", result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{file}:6: ", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(7, StoreFile.Count(Data, "SELECT count(*) FROM metric_samples"));
    }

    [Fact]
    public async Task Strict_import_stores_nothing_from_a_file_with_a_bad_line()
    {
        var file = _work.Write("in/bad.om", WithBadLine());

        var result = await InsightsExe.RunAsync(_work.Path, ["import", "metrics", "--strict", "--data", Data, file]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"metrics {file}: rejected (--strict): --strict: nothing from this file was stored (read 8, stored 0, duplicates dropped 0, rejected 1 in ",
            result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{file}:6: ", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, StoreFile.Count(Data, "SELECT count(*) FROM metric_samples"));
    }

    [Fact]
    public async Task Ecs_ndjson_file_imports_with_exact_counts_as_json()
    {
        var file = _work.Write("in/events.ndjson", Ecs);

        var result = await InsightsExe.RunAsync(_work.Path, ["import", "logs", "--format", "json", "--data", Data, file]);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        var row = Assert.Single(json.RootElement.EnumerateArray().ToList());
        Assert.Equal(file, row.GetProperty("file").GetString());
        Assert.Equal("logs", row.GetProperty("kind").GetString());
        Assert.Equal("imported", row.GetProperty("outcome").GetString());
        Assert.Equal(3, row.GetProperty("read").GetInt64());
        Assert.Equal(3, row.GetProperty("stored").GetInt64());
        Assert.Equal(0, row.GetProperty("duplicates").GetInt64());
        Assert.Equal(0, row.GetProperty("rejected").GetInt64());
        Assert.Equal(["checkout", "checkout", "mailer"], StoreFile.Strings(Data, "SELECT service FROM log_events ORDER BY ts"));
    }

    [Fact]
    public async Task Focus_sample_imports_all_1000_rows()
    {
        Assert.True(File.Exists(InsightsExe.FocusSample), $"missing {InsightsExe.FocusSample}");

        var result = await InsightsExe.RunAsync(_work.Path, ["import", "billing", "--data", Data, InsightsExe.FocusSample]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"billing {InsightsExe.FocusSample}: read 1,000, stored 1,000, duplicates dropped 0, rejected 0 in ", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(1000, StoreFile.Count(Data, "SELECT count(*) FROM focus_line_items"));
    }

    [Fact]
    public async Task A_later_delivery_of_a_billing_period_restates_it_and_says_so()
    {
        var lines = File.ReadAllLines(InsightsExe.FocusSample);
        var first = _work.Write("in/focus-v1.csv", string.Join('\n', lines.Take(6)) + "\n");
        var second = _work.Write("in/focus-v2.csv", string.Join('\n', lines.Take(4)) + "\n");
        Assert.Equal(0, (await InsightsExe.RunAsync(_work.Path, ["import", "billing", "--data", Data, first])).ExitCode);

        var result = await InsightsExe.RunAsync(_work.Path, ["import", "billing", "--data", Data, second]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("billing delivery committed: 3 rows", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("restated AWS account 1234567890123 2024-09: 5 rows of earlier deliveries replaced", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(3, StoreFile.Count(Data, "SELECT count(*) FROM focus_line_items"));
    }

    [Fact]
    public async Task Parts_of_a_named_billing_delivery_imported_in_separate_runs_add_up_and_a_bad_name_exits_2()
    {
        var lines = File.ReadAllLines(InsightsExe.FocusSample);
        var first = _work.Write("in/part-1.csv", string.Join('\n', lines.Take(6)) + "\n");
        var second = _work.Write("in/part-2.csv", string.Join('\n', lines.Take(1).Concat(lines.Skip(6).Take(3))) + "\n");
        Assert.Equal(0, (await InsightsExe.RunAsync(_work.Path, ["import", "billing", "--data", Data, "--delivery", "cur-2024-09/assembly-1", first])).ExitCode);

        var result = await InsightsExe.RunAsync(_work.Path, ["import", "billing", "--data", Data, "--delivery", "cur-2024-09/assembly-1", second]);
        var bad = await InsightsExe.RunAsync(_work.Path, ["import", "billing", "--data", Data, "--delivery", "two words", second]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("restated", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(8, StoreFile.Count(Data, "SELECT count(*) FROM focus_line_items"));
        Assert.True(bad.ExitCode == 2, bad.ToString());
        Assert.Contains("--delivery 'two words'", bad.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Input_format_overrides_detection_and_a_wrong_one_names_the_missing_columns()
    {
        var forced = await InsightsExe.RunAsync(_work.Path, ["import", "billing", "--data", Data, "--input-format", "focus", InsightsExe.FocusSample]);
        var wrong = await InsightsExe.RunAsync(_work.Path, ["import", "billing", "--data", _work.Sub("other-data"), "--input-format", "aws-cur", InsightsExe.FocusSample]);
        var unknown = await InsightsExe.RunAsync(_work.Path, ["import", "billing", "--data", _work.Sub("third-data"), "--input-format", "oracle", InsightsExe.FocusSample]);

        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.Contains("stored 1,000", forced.Stdout, StringComparison.Ordinal);
        Assert.True(wrong.ExitCode == 2, wrong.ToString());
        Assert.Contains("lineItem/UnblendedCost", wrong.Stderr, StringComparison.Ordinal);
        Assert.True(unknown.ExitCode == 2, unknown.ToString());
        Assert.Contains("aws-cur-2", unknown.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_exits_2_naming_it()
    {
        var missing = _work.Sub("in/nope.om");

        var result = await InsightsExe.RunAsync(_work.Path, ["import", "metrics", "--data", Data, missing]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(missing, result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public async Task A_csv_in_no_known_billing_format_exits_2_listing_the_formats_and_its_header()
    {
        var file = _work.Write("in/costs.csv", "date,team,amount\n2026-01-01,payments,12.50\n");

        var result = await InsightsExe.RunAsync(_work.Path, ["import", "billing", "--data", Data, file]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(file, result.Stderr, StringComparison.Ordinal);
        foreach (var expected in new[] { "FOCUS", "AWS", "Azure", "date,team,amount" })
        {
            Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_focus_csv_missing_mandatory_columns_exits_2_naming_them()
    {
        var file = _work.Write("in/partial-focus.csv", "BilledCost,ChargePeriodStart\n1.00,2026-01-01 00:00:00\n");

        var result = await InsightsExe.RunAsync(_work.Path, ["import", "billing", "--data", Data, file]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(file, result.Stderr, StringComparison.Ordinal);
        foreach (var column in new[] { "BillingCurrency", "EffectiveCost", "ServiceName" })
        {
            Assert.Contains(column, result.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_gzip_file_cut_short_exits_2_naming_where_it_ends_stores_nothing_of_it_and_the_next_file_still_imports()
    {
        // Many events, so the cut falls well inside the compressed data after whole lines were already decoded.
        var events = string.Concat(Enumerable.Range(0, 4000).Select(i =>
            $"{{\"@timestamp\":\"2026-01-01T00:00:00.000Z\",\"event\":{{\"id\":\"cut-{i}\"}},\"service\":{{\"name\":\"checkout\"}},\"message\":\"request {i} served in {i % 97} ms\"}}\n"));
        var whole = Gzip(System.Text.Encoding.UTF8.GetBytes(events));
        var cut = _work.Sub("in/cut.ndjson.gz");
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(cut)!);
        await File.WriteAllBytesAsync(cut, whole[..(whole.Length / 2)]);
        var good = _work.Write("in/events.ndjson", Ecs);

        var result = await InsightsExe.RunAsync(_work.Path, ["import", "logs", "--data", Data, cut, good]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"logs {cut}: failed: {cut}: gzip member 1 (starting at byte 0) is cut short: the input ends at byte {whole.Length / 2} inside its compressed data (nothing of this file stored; ",
            result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("read 0", result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"logs {good}: read 3, stored 3, duplicates dropped 0, rejected 0 in ", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(3, StoreFile.Count(Data, "SELECT count(*) FROM log_events"));
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.Fastest))
        {
            gzip.Write(bytes);
        }
        return buffer.ToArray();
    }

    /// <summary>The seven good samples with a broken sample on line 6 (an unclosed label set).</summary>
    private static string WithBadLine()
    {
        var lines = OpenMetrics.Split('\n').ToList();
        lines.Insert(5, "checkout_requests_total{service=\"checkout\",code=\"503\" 7 1767225600");
        return string.Join('\n', lines);
    }
}
