using System.Globalization;
using System.Text.Json;
using Platform.Insights.Ingest.Parsers;
using Platform.Insights.Ingest.Parsers.Billing;
using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Tests.Parsers.Billing;

/// <summary>The real AWS CUR Parquet samples in shared/data/billing (see its README) through <see cref="BillingParquetParser"/>.</summary>
public sealed class BillingParquetSampleFileTests
{
    private const string Oct = "billing/aws_cur_workshop_parquet/Oct2018-WorkshopCUR-00001.snappy.parquet";
    private const string Nov = "billing/aws_cur_workshop_parquet/Nov2018-WorkshopCUR-00001.snappy.parquet";
    private const string Dec = "billing/aws_cur_workshop_parquet/Dec2018-WorkshopCUR-00001.snappy.parquet";

    private static async Task<List<FocusLineItem>> ItemsAsync(string path) =>
        [.. (await ParseAsync(path)).Select(r => r.Value ?? throw new InvalidOperationException(r.Error!.ToString()))];

    internal static async Task<List<ParsedRecord<FocusLineItem>>> ParseAsync(string path)
    {
        await using var stream = File.OpenRead(path);
        var records = new List<ParsedRecord<FocusLineItem>>();
        await foreach (var record in BillingParquetParser.ParseAsync(stream, path))
        {
            records.Add(record);
        }
        return records;
    }

    [Theory]
    [InlineData(Oct)]
    [InlineData(Nov)]
    [InlineData(Dec)]
    public async Task Every_row_imports_and_billed_cost_equals_duckdbs_own_reading_of_the_unblended_cost_column(string file)
    {
        var path = TestFiles.SharedData(file);

        var records = await ParseAsync(path);

        // DuckDB reads the column natively; its shortest round-trip text of each double is summed as decimal here.
        var expected = DuckDbFiles.Rows($"SELECT line_item_unblended_cost::VARCHAR FROM read_parquet({DuckDbFiles.Literal(path)})")
            .Select(r => decimal.Parse((string)r[0]!, NumberStyles.Float, CultureInfo.InvariantCulture))
            .ToList();
        Assert.Empty(records.Where(r => r.IsError).Select(r => r.Error!.ToString()));
        Assert.Equal(expected.Count, records.Count);
        Assert.Equal(expected.Sum(), records.Sum(r => r.Value!.BilledCost));
    }

    [Fact]
    public async Task Workshop_cur_maps_line_item_types_periods_and_one_column_per_tag_key()
    {
        var path = TestFiles.SharedData(Oct);

        var items = await ItemsAsync(path);

        var types = DuckDbFiles.Rows($"SELECT line_item_line_item_type, count(*) FROM read_parquet({DuckDbFiles.Literal(path)}) GROUP BY 1")
            .ToDictionary(r => (string)r[0]!, r => Convert.ToInt32(r[1], CultureInfo.InvariantCulture));
        Assert.Equal(types.GetValueOrDefault("Usage") + types.GetValueOrDefault("DiscountedUsage"), items.Count(i => i.ChargeCategory == "Usage"));
        Assert.Equal(types.GetValueOrDefault("RIFee"), items.Count(i => i.ChargeCategory == "Purchase"));
        Assert.All(items, i =>
        {
            Assert.Equal("AWS", i.ProviderName);
            Assert.Equal("USD", i.BillingCurrency);
            Assert.Equal(new DateTime(2018, 10, 1, 0, 0, 0, DateTimeKind.Utc), i.BillingPeriodStart);
            Assert.Equal(new DateTime(2018, 11, 1, 0, 0, 0, DateTimeKind.Utc), i.BillingPeriodEnd);
            Assert.Equal(DateTimeKind.Utc, i.ChargePeriodStart.Kind);
            Assert.True(i.ChargePeriodEnd > i.ChargePeriodStart);
        });
        // Untagged rows hold '' in every tag column, which is no tag at all.
        var tagged = DuckDbFiles.Rows($"SELECT count(*) FROM read_parquet({DuckDbFiles.Literal(path)}) WHERE resource_tags_user_environment <> ''")[0][0];
        Assert.Equal(Convert.ToInt32(tagged, CultureInfo.InvariantCulture), items.Count(i => i.TagsJson?.Contains("\"environment\":", StringComparison.Ordinal) == true));
        Assert.Contains(items, i => i.TagsJson is null);
        Assert.All(items, i => Assert.DoesNotContain("\"x_resource_tags_user_environment\"", i.ExtraJson!, StringComparison.Ordinal));
        Assert.Contains(items, i => i.CommitmentDiscountStatus == "Used" && i.CommitmentDiscountId is not null);
    }

    [Theory]
    [InlineData(Oct)]
    [InlineData(Nov)]
    [InlineData(Dec)]
    public void Extras_built_by_duckdb_hold_exactly_the_columns_and_values_the_row_mapper_copies_itself(string file)
    {
        var path = TestFiles.SharedData(file);

        var inSql = MapAll(path, hideExtraSource: false);
        var copied = MapAll(path, hideExtraSource: true);

        Assert.Equal(copied.Count, inSql.Count);
        for (var i = 0; i < copied.Count; i++)
        {
            Assert.Null(inSql[i].Extra);
            Assert.Null(copied[i].ExtraJson);
            var built = JsonSerializer.Deserialize<Dictionary<string, string?>>(inSql[i].ExtraJson!)!;
            Assert.Equal(copied[i].Extra!.ToList(), built.ToList());
            Assert.Equal(copied[i].TagsJson, inSql[i].TagsJson);
            Assert.Equal(copied[i].BilledCost, inSql[i].BilledCost);
        }
    }

    // The CUR mapper over the file's rows, with DuckDB building the extras (as imports do) or, with the reader's
    // IExtraColumnsSource hidden, with the mapper copying every extra column itself.
    internal static List<FocusLineItem> MapAll(string path, bool hideExtraSource)
    {
        using var parquet = ParquetRecordReader.Open(path, path);
        IRecordReader records = hideExtraSource ? new RowsOnly(parquet) : parquet;
        return [.. BillingCsvParser.Rows(BillingFormatDetector.Detect(parquet.Header, path), records, parquet.Header, path)
            .Select(r => r.Value ?? throw new InvalidOperationException(r.Error!.ToString()))];
    }

    private sealed class RowsOnly(IRecordReader inner) : IRecordReader
    {
        public int FieldCount => inner.FieldCount;

        public long StartLine => inner.StartLine;

        public string? Error => inner.Error;

        public bool IsBlank => inner.IsBlank;

        public ReadOnlySpan<char> this[int index] => inner[index];

        public bool Read() => inner.Read();
    }

    [Fact]
    public async Task Months_with_different_columns_are_each_mapped_by_their_own_header()
    {
        var nov = await ItemsAsync(TestFiles.SharedData(Nov));
        var dec = await ItemsAsync(TestFiles.SharedData(Dec));

        Assert.Contains(nov, i => i.TagsJson?.Contains("\"tag21_nov\"", StringComparison.Ordinal) == true);
        Assert.DoesNotContain(dec, i => i.TagsJson?.Contains("\"tag21_nov\"", StringComparison.Ordinal) == true);
    }
}
