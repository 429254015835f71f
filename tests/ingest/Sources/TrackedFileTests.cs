using Platform.Insights.Ingest.Parsers.Billing;
using Platform.Insights.Ingest.Sources;
using Platform.Insights.Ingest.Tests.Parsers;

namespace Platform.Insights.Ingest.Tests.Sources;

/// <summary>The file hook a billing source reads through: raw bytes for Parquet, decompressed text for the rest.</summary>
public sealed class TrackedFileTests
{
    [Fact]
    public void A_gzipped_csv_is_not_taken_for_parquet_and_its_text_still_reads_after_the_check()
    {
        var path = TestFiles.WriteTemp(TestFiles.Gzip("BilledCost,ChargePeriodStart\n1,2024-09-01\n"), ".parquet");
        using var file = TrackedFile.Open(path);

        Assert.False(BillingParquetParser.IsParquet(file.Stored));
        Assert.Equal("BilledCost,ChargePeriodStart", file.Reader.ReadLine());
    }

    [Fact]
    public async Task A_parquet_file_reads_from_its_stored_bytes_whatever_its_name()
    {
        var path = Path.ChangeExtension(Parsers.Billing.DuckDbFiles.TempParquet(), ".csv.gz");
        Parsers.Billing.DuckDbFiles.Execute($"COPY (SELECT 'Usage' AS line_item_line_item_type, 2.5::DOUBLE AS line_item_unblended_cost, "
            + "TIMESTAMP '2024-09-01' AS line_item_usage_start_date, TIMESTAMP '2024-09-01 01:00' AS line_item_usage_end_date, "
            + "TIMESTAMP '2024-09-01' AS bill_billing_period_start_date, TIMESTAMP '2024-10-01' AS bill_billing_period_end_date, 'USD' AS line_item_currency_code) "
            + $"TO {Parsers.Billing.DuckDbFiles.Literal(path)} (FORMAT PARQUET)");
        using var file = TrackedFile.Open(path);

        Assert.True(BillingParquetParser.IsParquet(file.Stored));
        var rows = new List<decimal>();
        await foreach (var record in BillingParquetParser.ParseAsync(file.Stored, path))
        {
            rows.Add(record.Value!.BilledCost);
        }
        Assert.Equal([2.5m], rows);
        Assert.True(file.Position > 0);
    }
}
