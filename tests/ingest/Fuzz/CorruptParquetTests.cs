using Platform.Insights.Ingest.Parsers.Billing;
using Platform.Insights.Ingest.Records;
using Platform.Insights.Ingest.Tests.Parsers.Billing;

namespace Platform.Insights.Ingest.Tests.Fuzz;

/// <summary>
/// A Parquet billing export damaged in transit — truncated, its footer or pages overwritten, empty, only the magic —
/// is an <see cref="InputFormatException"/> naming the file (or error records naming rows), never a DuckDB exception.
/// </summary>
public sealed class CorruptParquetTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("insights-corrupt-parquet-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task Damaged_parquet_files_are_input_format_errors_naming_the_file()
    {
        var good = Path.Combine(directory, "good.parquet");
        var csv = Parsers.TestFiles.SharedData("billing/focus_1.0_sample_1000.csv");
        DuckDbFiles.Execute($"COPY (SELECT * FROM read_csv({DuckDbFiles.Literal(csv)}, all_varchar = true) LIMIT 200) TO {DuckDbFiles.Literal(good)} (FORMAT PARQUET, ROW_GROUP_SIZE 50)");
        var bytes = await File.ReadAllBytesAsync(good);
        var random = new Random(7);
        var damaged = new List<(string Why, byte[] Content)>
        {
            ("empty", []),
            ("magic only", "PAR1"u8.ToArray()),
            ("both magics, no footer", [.. "PAR1PAR1"u8]),
            ("truncated in half", bytes[..(bytes.Length / 2)]),
            ("truncated before the footer length", bytes[..^6]),
            ("footer length huge", [.. bytes[..^8], 0xff, 0xff, 0xff, 0x7f, .. "PAR1"u8]),
            ("footer length negative", [.. bytes[..^8], 0x00, 0x00, 0x00, 0x80, .. "PAR1"u8]),
        };
        for (var i = 0; i < 24; i++)
        {
            var copy = (byte[])bytes.Clone();
            var at = random.Next(4, copy.Length - 8);
            for (var k = 0; k < 16 && at + k < copy.Length - 8; k++)
            {
                copy[at + k] = (byte)random.Next(0, 256);
            }
            damaged.Add(($"16 bytes overwritten at {at}", copy));
        }

        foreach (var (why, content) in damaged)
        {
            var path = Path.Combine(directory, "damaged.parquet");
            await File.WriteAllBytesAsync(path, content);
            var error = await Record.ExceptionAsync(async () =>
            {
                await using var stream = File.OpenRead(path);
                await foreach (var record in BillingParquetParser.ParseAsync(stream, "damaged.parquet"))
                {
                    Assert.True(record.Error is null or { File: "damaged.parquet" }, $"{why}: {record.Error}");
                }
            });
            Assert.True(error is null or InputFormatException { File: "damaged.parquet" }, $"{why}: {error}");
        }
    }
}
