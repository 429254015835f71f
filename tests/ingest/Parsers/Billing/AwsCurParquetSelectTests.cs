using System.Text.Json;
using DuckDB.NET.Data;
using Platform.Insights.Ingest.Parsers;
using Platform.Insights.Ingest.Parsers.Billing;
using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Tests.Parsers.Billing;

/// <summary>
/// <see cref="AwsCurParquetSelect"/>: DuckDB's one-statement mapping of a CUR Parquet file must give the rows the row
/// mapper gives, and must decline every file the row mapper would not take whole, so that those keep its errors.
/// </summary>
public sealed class AwsCurParquetSelectTests
{
    private const string Oct = "billing/aws_cur_workshop_parquet/Oct2018-WorkshopCUR-00001.snappy.parquet";
    private const string Nov = "billing/aws_cur_workshop_parquet/Nov2018-WorkshopCUR-00001.snappy.parquet";
    private const string Dec = "billing/aws_cur_workshop_parquet/Dec2018-WorkshopCUR-00001.snappy.parquet";

    private static readonly DateTimeOffset Latest = new(2026, 11, 29, 0, 0, 0, TimeSpan.Zero);

    // A typed CUR file of 4 rows in September 2024; each case below changes one thing.
    private static string Cur(string cost = "1.5", string start = "TIMESTAMP '2024-09-03 00:00:00'", string currency = "'USD'",
        string extraColumns = "", bool textStart = false)
    {
        var path = DuckDbFiles.TempParquet();
        DuckDbFiles.Execute($"""
            COPY (SELECT 'Usage' AS line_item_line_item_type, CAST(i AS DOUBLE) * {cost} AS line_item_unblended_cost,
                    {(textStart ? $"CAST({start} + i * INTERVAL 1 HOUR AS VARCHAR)" : $"{start} + i * INTERVAL 1 HOUR")} AS line_item_usage_start_date,
                    {start} + (i + 1) * INTERVAL 1 HOUR AS line_item_usage_end_date,
                    TIMESTAMP '2024-09-01 00:00:00' AS bill_billing_period_start_date, TIMESTAMP '2024-10-01 00:00:00' AS bill_billing_period_end_date,
                    CASE WHEN i = 3 THEN {currency} ELSE 'USD' END AS line_item_currency_code, '1234' AS bill_payer_account_id,
                    chr(160) || ' spaced ' || chr(8195) AS product_product_name, CASE WHEN i % 2 = 0 THEN 'web' END AS resource_tags_user_app,
                    'x' || i AS line_item_resource_id {extraColumns}
                  FROM range(4) t(i))
            TO {DuckDbFiles.Literal(path)} (FORMAT PARQUET)
            """);
        return path;
    }

    [Theory]
    [InlineData(Oct)]
    [InlineData(Nov)]
    [InlineData(Dec)]
    public void The_sql_mapping_of_each_workshop_file_gives_the_rows_the_row_mapper_gives(string file) =>
        AssertSameRows(TestFiles.SharedData(file));

    [Fact]
    public void Trimming_tags_and_absent_values_map_as_the_row_mapper_maps_them() => AssertSameRows(Cur());

    [Fact]
    public void A_clean_typed_file_is_taken_whole()
    {
        var select = AwsCurParquetSelect.TryCreate(Cur(), "cur.parquet", null, Latest);

        Assert.NotNull(select);
        Assert.Contains("read_parquet($path, file_row_number = true)", select.Sql, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cost", "'nan'::DOUBLE")] // not a number: the row mapper names the row and column
    [InlineData("start", "TIMESTAMP '2024-10-05 00:00:00'")] // a charge after its billing period
    [InlineData("currency", "'EUR'")] // a second currency for one billing account
    [InlineData("start", "TIMESTAMP '2026-12-30 00:00:00'")] // beyond the clock-skew limit
    [InlineData("extra", ", MAP {'user_team': 'a'} AS resource_tags")] // CUR 2.0's tag map
    [InlineData("text", "TIMESTAMP '2024-09-03 00:00:00'")] // text timestamps follow IsoTimestamp's rules, not DuckDB's
    public void A_file_the_row_mapper_would_not_take_whole_is_left_to_it(string change, string value)
    {
        var path = change switch
        {
            "cost" => Cur(cost: value),
            "start" => Cur(start: value),
            "currency" => Cur(currency: value),
            "text" => Cur(start: value, textStart: true),
            _ => Cur(extraColumns: value),
        };

        Assert.Null(AwsCurParquetSelect.TryCreate(path, "cur.parquet", null, Latest));
    }

    [Fact]
    public void Another_layout_or_an_unreadable_file_is_left_to_the_row_mapper()
    {
        var focus = DuckDbFiles.TempParquet();
        DuckDbFiles.Execute($"COPY (SELECT * FROM read_csv({DuckDbFiles.Literal(TestFiles.SharedData("billing/focus_1.0_sample_1000.csv"))})) TO {DuckDbFiles.Literal(focus)} (FORMAT PARQUET)");
        var broken = DuckDbFiles.TempParquet();
        File.WriteAllBytes(broken, [.. "PAR1"u8, 1, 2, 3]);

        Assert.Null(AwsCurParquetSelect.TryCreate(focus, "focus.parquet", null, Latest));
        Assert.Null(AwsCurParquetSelect.TryCreate(broken, "broken.parquet", null, Latest));
    }

    private static void AssertSameRows(string path)
    {
        var expected = RowMapper(path);
        var select = AwsCurParquetSelect.TryCreate(path, path, null, Latest);
        Assert.NotNull(select);

        var actual = DuckDbFiles.Rows(
            $"SELECT * FROM ({select.Sql.Replace("$path", DuckDbFiles.Literal(path), StringComparison.Ordinal)}) ORDER BY source_line");

        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var (e, a) = (expected[i], actual[i]);
            Assert.Equal(e.SourceLine, Convert.ToInt64(a[0], System.Globalization.CultureInfo.InvariantCulture));
            // The appender truncates amounts to DECIMAL(38, 12), DuckDB's cast rounds: at most 1e-12 apart.
            AssertAmount(e.BilledCost, a[1]);
            AssertAmount(e.EffectiveCost, a[2]);
            AssertAmount(e.ListCost, a[3]);
            AssertAmount(e.ContractedCost, a[4]);
            Assert.Equal(
                new List<string?> { e.BillingCurrency, e.BillingAccountId, e.BillingAccountName, e.SubAccountId, e.SubAccountName },
                a[5..10].Select(v => (string?)v).ToList());
            Assert.Equal(
                new List<DateTime> { e.BillingPeriodStart, e.BillingPeriodEnd, e.ChargePeriodStart, e.ChargePeriodEnd },
                a[10..14].Select(v => (DateTime)v!).ToList());
            Assert.Equal(new List<string?> { e.ChargeCategory, e.ChargeDescription }, new List<string?> { (string?)a[14], (string?)a[15] });
            if (e.ConsumedQuantity is { } quantity)
            {
                AssertAmount(quantity, a[16]);
            }
            else
            {
                Assert.Null(a[16]);
            }
            Assert.Equal(
                new List<string?>
                {
                    e.PricingUnit, e.CommitmentDiscountId, e.CommitmentDiscountStatus, e.ProviderName, e.PublisherName, e.InvoiceIssuerName,
                    e.ServiceName, e.SkuId, e.ResourceId, e.RegionId, e.AvailabilityZone,
                },
                a[17..28].Select(v => (string?)v).ToList());
            Assert.Equal(Entries(e.TagsJson), Entries((string?)a[28]));
            Assert.Equal(Entries(e.ExtraJson), Entries((string?)a[29]));
        }
    }

    private static void AssertAmount(decimal expected, object? actual) =>
        Assert.True(Math.Abs(expected - (decimal)actual!) < 0.000000000001m, $"{expected} vs {actual}");

    private static List<KeyValuePair<string, string?>>? Entries(string? json) =>
        json is null ? null : [.. JsonSerializer.Deserialize<Dictionary<string, string?>>(json)!];

    private static List<FocusLineItem> RowMapper(string path)
    {
        using var parquet = ParquetRecordReader.Open(path, path);
        return [.. BillingCsvParser.Rows(BillingFormatDetector.Detect(parquet.Header, path), parquet, parquet.Header, path)
            .Select(r => r.Value ?? throw new InvalidOperationException(r.Error!.ToString()))];
    }
}
