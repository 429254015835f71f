using System.Text.Json;
using Platform.Insights.Ingest.Parsers;
using Platform.Insights.Ingest.Parsers.Billing;
using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Tests.Parsers.Billing;

/// <summary>Parquet billing files written by DuckDB: FOCUS against its CSV twin, CUR 2.0 maps, row groups, bad values.</summary>
public sealed class BillingParquetParserTests
{
    private const string FocusCsv = "billing/focus_1.0_sample_1000.csv";

    private static Task<List<ParsedRecord<FocusLineItem>>> ParseAsync(string path) => BillingParquetSampleFileTests.ParseAsync(path);

    private static string Copy(string select, string options = "FORMAT PARQUET")
    {
        var path = DuckDbFiles.TempParquet();
        DuckDbFiles.Execute($"COPY ({select}) TO {DuckDbFiles.Literal(path)} ({options})");
        return path;
    }

    [Fact]
    public async Task Focus_parquet_gives_the_same_rows_and_totals_as_the_focus_csv_it_was_written_from()
    {
        var csvPath = TestFiles.SharedData(FocusCsv);
        var parquet = Copy($"SELECT * FROM read_csv({DuckDbFiles.Literal(csvPath)}, nullstr='NULL')");
        using var reader = InputFile.OpenText(csvPath);
        var fromCsv = BillingCsvParser.Parse(reader, csvPath).Select(r => r.Value!).ToList();

        var fromParquet = (await ParseAsync(parquet)).Select(r => r.Value ?? throw new InvalidOperationException(r.Error!.ToString())).ToList();

        Assert.Equal(fromCsv.Count, fromParquet.Count);
        Assert.Equal(fromCsv.Sum(i => i.BilledCost), fromParquet.Sum(i => i.BilledCost));
        Assert.Equal(fromCsv.Sum(i => i.EffectiveCost), fromParquet.Sum(i => i.EffectiveCost));
        Assert.Equal(fromCsv.Sum(i => i.ListCost), fromParquet.Sum(i => i.ListCost));
        for (var i = 0; i < fromCsv.Count; i++)
        {
            var (c, p) = (fromCsv[i], fromParquet[i]);
            Assert.Equal(c.BilledCost, p.BilledCost);
            Assert.Equal((c.ChargePeriodStart, c.ChargePeriodEnd, c.BillingPeriodStart, c.BillingPeriodEnd),
                (p.ChargePeriodStart, p.ChargePeriodEnd, p.BillingPeriodStart, p.BillingPeriodEnd));
            Assert.Equal((c.ProviderName, c.ServiceName, c.SubAccountId, c.ResourceId, c.ChargeCategory, c.BillingCurrency),
                (p.ProviderName, p.ServiceName, p.SubAccountId, p.ResourceId, p.ChargeCategory, p.BillingCurrency));
            Assert.Equal(c.TagsJson, p.TagsJson);
            Assert.Equal(i + 1, p.SourceLine);
        }
    }

    [Fact]
    public async Task Cur2_resource_tags_map_becomes_tags_without_the_user_prefix()
    {
        var path = Copy("""
            SELECT * FROM (VALUES
              ('Usage', 1.25::DOUBLE, MAP {'user_team': 'payments', 'user_env': 'prod'}),
              ('Usage', 2.5::DOUBLE, NULL::MAP(VARCHAR, VARCHAR)),
              ('Tax', 0.25::DOUBLE, MAP {}::MAP(VARCHAR, VARCHAR)),
              ('Credit', -1::DOUBLE, MAP {'user_team': 'web'}))
            t(line_item_line_item_type, line_item_unblended_cost, resource_tags),
            (SELECT TIMESTAMP '2024-09-01 00:00:00' AS line_item_usage_start_date, TIMESTAMP '2024-09-01 01:00:00' AS line_item_usage_end_date,
                    TIMESTAMP '2024-09-01' AS bill_billing_period_start_date, TIMESTAMP '2024-10-01' AS bill_billing_period_end_date,
                    'USD' AS line_item_currency_code)
            """);

        var items = (await ParseAsync(path)).Select(r => r.Value ?? throw new InvalidOperationException(r.Error!.ToString())).ToList();

        Assert.Equal(["{\"team\":\"payments\",\"env\":\"prod\"}", null, null, "{\"team\":\"web\"}"], items.Select(i => i.TagsJson));
        Assert.Equal(["Usage", "Usage", "Tax", "Credit"], items.Select(i => i.ChargeCategory));
        Assert.Equal(3m, items.Sum(i => i.BilledCost));
        Assert.All(items, i => Assert.Equal(new DateTime(2024, 9, 1, 1, 0, 0, DateTimeKind.Utc), i.ChargePeriodEnd));
    }

    [Fact]
    public void Extras_of_number_date_and_timestamp_columns_keep_the_text_the_mapper_copies_and_absent_values_are_left_out()
    {
        // Typed extras skip the trim and the emptiness test in SQL (BENCHMARKS §34); text extras keep both.
        var path = Copy("""
            SELECT * FROM (VALUES
              ('Usage', 1.25::DOUBLE, 0.1::DOUBLE, 12.5::DECIMAL(18, 4), 42::BIGINT, true, DATE '2024-09-03',
               TIMESTAMP '2024-09-01 00:00:01.5', TIMESTAMPTZ '2024-09-01 02:00:00+02', 1.5::FLOAT, '  padded  ', 'x'),
              ('Usage', 2.5::DOUBLE, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '', NULL),
              ('Tax', 0.25::DOUBLE, 'NaN'::DOUBLE, -0.0001::DECIMAL(18, 4), -7::BIGINT, false, DATE '1999-12-31',
               TIMESTAMP '2024-09-30 23:59:59.999999', NULL, 'inf'::FLOAT, chr(9) || 'tab' || chr(10), ' '))
            t(line_item_line_item_type, line_item_unblended_cost, custom_rate, custom_amount, custom_count, custom_flag,
              custom_day, custom_at, custom_at_zoned, custom_float, custom_text, custom_blank),
            (SELECT TIMESTAMP '2024-09-01 00:00:00' AS line_item_usage_start_date, TIMESTAMP '2024-09-01 01:00:00' AS line_item_usage_end_date,
                    TIMESTAMP '2024-09-01' AS bill_billing_period_start_date, TIMESTAMP '2024-10-01' AS bill_billing_period_end_date,
                    'USD' AS line_item_currency_code)
            """);

        var inSql = BillingParquetSampleFileTests.MapAll(path, hideExtraSource: false);
        var copied = BillingParquetSampleFileTests.MapAll(path, hideExtraSource: true);

        var built = inSql.Select(i => i.ExtraJson is { } json ? JsonSerializer.Deserialize<Dictionary<string, string>>(json)!.ToList() : null).ToList();
        Assert.Equal(copied.Select(i => i.Extra?.Select(e => new KeyValuePair<string, string>(e.Key, e.Value!)).ToList()), built);
        Assert.Equal(
            [
                new("x_line_item_line_item_type", "Usage"), new("x_custom_rate", "0.1"), new("x_custom_amount", "12.5000"), new("x_custom_count", "42"), new("x_custom_flag", "true"),
                new("x_custom_day", "2024-09-03"), new("x_custom_at", "2024-09-01T00:00:01.500000Z"),
                new("x_custom_at_zoned", "2024-09-01T00:00:00.000000Z"), new("x_custom_float", "1.5"), new("x_custom_text", "padded"),
                new("x_custom_blank", "x"),
            ],
            built[0]!);
        Assert.Equal([new("x_line_item_line_item_type", "Usage")], built[1]!);
        Assert.Equal(["x_line_item_line_item_type", "x_custom_rate", "x_custom_amount", "x_custom_count", "x_custom_flag", "x_custom_day", "x_custom_at", "x_custom_float", "x_custom_text"],
            built[2]!.Select(e => e.Key));
        Assert.Equal(("nan", "-0.0001", "inf", "tab"), (built[2]![1].Value, built[2]![2].Value, built[2]![7].Value, built[2]![8].Value));
    }

    [Fact]
    public async Task Rows_are_numbered_across_row_groups_and_every_group_is_read()
    {
        var path = Copy("""
            SELECT 'Usage' AS line_item_line_item_type, (i / 100)::DECIMAL(18, 2) AS line_item_unblended_cost,
                   TIMESTAMP '2024-09-01' + INTERVAL (i) MINUTE AS line_item_usage_start_date,
                   TIMESTAMP '2024-09-01' + INTERVAL (i + 1) MINUTE AS line_item_usage_end_date,
                   TIMESTAMP '2024-09-01' AS bill_billing_period_start_date, TIMESTAMP '2024-10-01' AS bill_billing_period_end_date,
                   'USD' AS line_item_currency_code
            FROM range(5000) r(i)
            """, "FORMAT PARQUET, ROW_GROUP_SIZE 1000");
        Assert.True(Convert.ToInt64(DuckDbFiles.Rows($"SELECT count(DISTINCT row_group_id) FROM parquet_metadata({DuckDbFiles.Literal(path)})")[0][0],
            System.Globalization.CultureInfo.InvariantCulture) > 1);

        var records = await ParseAsync(path);

        Assert.Equal(Enumerable.Range(1, 5000).Select(i => (long)i), records.Select(r => r.Line));
        Assert.Equal(Enumerable.Range(0, 5000).Sum(i => i / 100m), records.Sum(r => r.Value!.BilledCost));
        Assert.Equal(new DateTime(2024, 9, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(4999), records[^1].Value!.ChargePeriodStart);
    }

    [Fact]
    public async Task A_bad_value_is_an_error_naming_the_file_the_row_and_the_column_and_the_other_rows_import()
    {
        var path = Copy("""
            SELECT * FROM (VALUES ('Usage', '1.5'), ('Usage', '2'), ('Usage', 'n/a'), ('Usage', '4')) t(line_item_line_item_type, line_item_unblended_cost),
            (SELECT '2024-09-01T00:00:00Z' AS line_item_usage_start_date, '2024-09-01T01:00:00Z' AS line_item_usage_end_date,
                    '2024-09-01T00:00:00Z' AS bill_billing_period_start_date, '2024-10-01T00:00:00Z' AS bill_billing_period_end_date,
                    'USD' AS line_item_currency_code)
            """);

        var records = await ParseAsync(path);

        var error = Assert.Single(records, r => r.IsError).Error!;
        Assert.Equal((path, 3L), (error.File, error.Line));
        Assert.Contains("line_item_unblended_cost", error.Message, StringComparison.Ordinal);
        Assert.Contains("'n/a'", error.Message, StringComparison.Ordinal);
        Assert.Equal(7.5m, records.Where(r => !r.IsError).Sum(r => r.Value!.BilledCost));
    }

    [Fact]
    public async Task A_parquet_file_of_no_known_layout_is_refused_listing_the_formats_and_its_columns()
    {
        var path = Copy("SELECT 1 AS amount, 'x' AS owner");

        var error = await Assert.ThrowsAsync<InputFormatException>(() => ParseAsync(path));

        Assert.Contains("GCP BigQuery billing export", error.Message, StringComparison.Ordinal);
        Assert.Contains("amount,owner", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parquet_is_told_by_its_magic_bytes_not_by_its_name()
    {
        var parquet = Copy("SELECT 1 AS x");
        var renamed = Path.ChangeExtension(parquet, ".csv");
        File.Move(parquet, renamed);
        var csv = TestFiles.WriteTemp("BilledCost\n1\n"u8.ToArray(), ".parquet");

        using var parquetStream = File.OpenRead(renamed);
        using var csvStream = File.OpenRead(csv);

        Assert.True(BillingParquetParser.IsParquet(parquetStream));
        Assert.Equal(0, parquetStream.Position);
        Assert.False(BillingParquetParser.IsParquet(csvStream));
    }
}
