using System.Globalization;
using System.Text;
using System.Text.Json;
using DuckDB.NET.Data;
using FsCheck.Xunit;
using Microsoft.Extensions.Time.Testing;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Analytics.Tests.Support;
using Platform.Insights.Ingest.Parsers.Billing;
using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Analytics.Tests.Store;

/// <summary>
/// An AWS CUR Parquet row's <c>x_…</c> extras cross from the reader's DuckDB into the store as UTF-8 bytes
/// (<see cref="FocusLineItem.ExtraJsonUtf8"/>) instead of a .NET string. On random CUR rows — blank, padded, Unicode and
/// JSON-hostile values, negative credits, odd tag keys — the store must hold exactly what the string path stored.
/// </summary>
public sealed class BillingExtrasUtf8Properties : IDisposable
{
    private static readonly string[] LineItemTypes = ["Usage", "Credit", "Refund", "Tax", "Fee", "DiscountedUsage", "SavingsPlanNegation", "EdpDiscount"];
    private static readonly string[] Extras = ["line_item_operation", "product_description", "identity_line_item_id", "product_instance_type"];
    private static readonly string[] TagKeys = ["team", "Cost Center", "a:b/c", "ünï \"q\""];
    private static readonly string[] Tricky = ["", " ", "\t\r\n", "  padded  ", "quote \" and \\ backslash", "<html>&amp;</html>", "ünïcødé ✓ 𝄞", "\u00A0nbsp\u00A0", "line\nbreak", "{\"json\":[1,2]}", "'single'", "x"];
    private static readonly string AsciiWhiteSpace = " \t\n\v\f\r";

    private readonly TempDirectory _dir = new();
    private readonly InsightsDatabase _database;

    public BillingExtrasUtf8Properties()
    {
        _database = InsightsDatabase.Open(_dir.Path, new StoreRole("test"), new FakeTimeProvider(new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero)));
    }

    public void Dispose()
    {
        _database.Dispose();
        _dir.Dispose();
    }

    [Property(MaxTest = 25)]
    public void Extras_stored_from_the_readers_utf8_bytes_equal_the_string_path_and_the_trimmed_column_values(int seed, string[] texts)
    {
        var random = new Random(seed);
        // NUL is left out: the test's own appender hands strings to DuckDB NUL-terminated.
        var pool = Tricky.Concat(texts.Where(t => t is not null).Select(t => t.Replace("\0", "", StringComparison.Ordinal))).ToArray();
        var count = 1 + random.Next(40);
        var file = Path.Combine(_dir.Path, $"cur-{Guid.NewGuid():N}.parquet");
        var expected = WriteCur(file, count, random, pool);

        var rows = ParseAsync(file).GetAwaiter().GetResult();
        Assert.Equal(count, rows.Count);
        Assert.All(rows, r => Assert.False(r.ExtraJsonUtf8.IsEmpty && r.ExtraJson is not null));

        _database.WriteAsync(connection =>
        {
            Execute(connection, "DELETE FROM focus_line_items; CREATE OR REPLACE TEMP TABLE by_string AS SELECT * FROM focus_line_items LIMIT 0");
            FocusLineItemAppender.Append(connection, "focus_line_items", "imp", rows);
            foreach (var row in rows)
            {
                // The text the string path handed to the appender (decoded from the same bytes), stored as a string.
                row.ExtraJson = row.ExtraJson;
            }
            FocusLineItemAppender.Append(connection, "by_string", "imp", rows);
            Assert.Equal(0L, Scalar(connection, "SELECT count(*) FROM (SELECT * FROM focus_line_items EXCEPT ALL SELECT * FROM by_string)"));
            Assert.Equal(0L, Scalar(connection, "SELECT count(*) FROM (SELECT * FROM by_string EXCEPT ALL SELECT * FROM focus_line_items)"));
            Assert.Equal(0L, Scalar(connection, "SELECT count(*) FROM focus_line_items a JOIN by_string b USING (source_line) WHERE a.x_extra IS DISTINCT FROM b.x_extra"));
        }, CancellationToken.None).GetAwaiter().GetResult();

        var stored = Sql.Rows(_database, "SELECT source_line, CAST(x_extra AS VARCHAR), BilledCost FROM focus_line_items ORDER BY source_line");
        Assert.Equal(count, stored.Count);
        for (var i = 0; i < count; i++)
        {
            var extras = stored[i][1] is string json ? JsonSerializer.Deserialize<Dictionary<string, string>>(json)! : [];
            Assert.Equal(expected[i].Extras.OrderBy(e => e.Key, StringComparer.Ordinal), extras.OrderBy(e => e.Key, StringComparer.Ordinal));
            Assert.Equal(expected[i].Cost, (decimal)stored[i][2]!);
        }
        Assert.Equal(expected.Sum(e => e.Cost), Sql.Rows(_database, "SELECT sum(BilledCost) FROM focus_line_items")[0][0]);
    }

    private static async Task<List<FocusLineItem>> ParseAsync(string file)
    {
        await using var stream = File.OpenRead(file);
        var rows = new List<FocusLineItem>();
        await foreach (var record in BillingParquetParser.ParseAsync(stream, file))
        {
            rows.Add(record.Value ?? throw new InvalidOperationException(record.Error!.ToString()));
        }
        return rows;
    }

    // Writes a CUR 2.0 (Athena snake_case) Parquet file with DuckDB; returns each row's unblended cost and the x_ extras
    // it should keep: the non-empty values trimmed of ASCII whitespace (what the reader's SQL trims), tag columns left out.
    private static List<(decimal Cost, Dictionary<string, string> Extras)> WriteCur(string file, int count, Random random, string[] pool)
    {
        var tags = TagKeys.Select(k => "resource_tags_user_" + k).ToArray();
        var expected = new List<(decimal, Dictionary<string, string>)>();
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        var columns = string.Join(", ", Extras.Concat(tags).Select(c => $"\"{c.Replace("\"", "\"\"", StringComparison.Ordinal)}\" VARCHAR"));
        Execute(connection, $"""
            CREATE TABLE cur (line_item_unblended_cost DECIMAL(18, 8), line_item_line_item_type VARCHAR, line_item_usage_start_date TIMESTAMP,
                line_item_usage_end_date TIMESTAMP, bill_billing_period_start_date TIMESTAMP, bill_billing_period_end_date TIMESTAMP,
                line_item_currency_code VARCHAR, {columns})
            """);
        using (var appender = connection.CreateAppender("cur"))
        {
            for (var i = 0; i < count; i++)
            {
                var type = LineItemTypes[random.Next(LineItemTypes.Length)];
                var cost = Math.Round((decimal)(random.NextDouble() * 100), 8);
                cost = type is "Credit" or "Refund" or "SavingsPlanNegation" or "EdpDiscount" ? -cost : cost;
                var start = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddHours(random.Next(24 * 30));
                var row = appender.CreateRow().AppendValue(cost).AppendValue(type).AppendValue(start).AppendValue(start.AddHours(1))
                    .AppendValue(new DateTime(2025, 1, 1)).AppendValue(new DateTime(2025, 2, 1)).AppendValue("USD");
                var extras = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var column in Extras.Concat(tags))
                {
                    var value = random.Next(5) == 0 ? null : Pad(pool[random.Next(pool.Length)], random);
                    row.AppendValue(value);
                    // What DuckDB holds of the .NET text (a lone surrogate becomes U+FFFD in UTF-8).
                    var held = value is null ? null : Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(value)).Trim(AsciiWhiteSpace.ToCharArray());
                    if (!column.StartsWith("resource_tags_user_", StringComparison.Ordinal) && !string.IsNullOrEmpty(held))
                    {
                        extras["x_" + column] = held;
                    }
                }
                row.EndRow();
                extras["x_line_item_line_item_type"] = type;
                expected.Add((cost, extras));
            }
        }
        Execute(connection, $"COPY cur TO '{file.Replace("'", "''", StringComparison.Ordinal)}' (FORMAT parquet)");
        return expected;
    }

    private static string Pad(string text, Random random) =>
        AsciiWhiteSpace[random.Next(AsciiWhiteSpace.Length)] + text + (random.Next(2) == 0 ? " " : "");

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static long Scalar(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
