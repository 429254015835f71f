using System.Globalization;
using System.Reflection;
using System.Text;
using FsCheck.Xunit;
using Platform.Insights.Ingest.Parsers.Billing;
using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Tests.Parsers.Billing;

/// <summary>
/// AWS CUR Parquet amounts and timestamps are read in their Parquet types instead of as DuckDB text. On random files —
/// each amount and timestamp column of a random type (double, float, decimals of both widths, integers, text; every
/// timestamp unit, with and without zone, text), values from random bit patterns, NaN, infinities, beyond decimal's
/// range, tiny, negative zero, outside .NET's years, nulls — every row must map to exactly what the text reads give:
/// the same FOCUS fields, tags and extras, or the same error naming the row and column.
/// </summary>
public sealed class ParquetTypedReadProperties : IDisposable
{
    private static readonly string[] LineItemTypes =
        ["Usage", "DiscountedUsage", "SavingsPlanCoveredUsage", "SavingsPlanNegation", "SavingsPlanRecurringFee", "RIFee", "Credit", "Tax"];
    private static readonly string[] AmountTypes = ["DOUBLE", "FLOAT", "DECIMAL(18,8)", "DECIMAL(12,2)", "DECIMAL(38,10)", "BIGINT", "INTEGER", "UBIGINT", "VARCHAR"];
    private static readonly string[] TimestampTypes = ["TIMESTAMP", "TIMESTAMPTZ", "TIMESTAMP_NS", "TIMESTAMP_MS", "TIMESTAMP_S", "VARCHAR", "DATE"];
    private static readonly string[] Amounts =
        ["line_item_unblended_cost", "pricing_public_on_demand_cost", "line_item_usage_amount", "savings_plan_savings_plan_effective_cost",
         "reservation_effective_cost", "reservation_unused_amortized_upfront_fee_for_billing_period", "savings_plan_total_commitment_to_date"];
    private static readonly string[] Timestamps = ["line_item_usage_start_date", "line_item_usage_end_date", "bill_billing_period_start_date", "bill_billing_period_end_date"];
    private static readonly string[] OddDoubles = ["0", "-0.0", "1", "0.1", "1e-7", "1e15", "1e16", "1e21", "7.9e28", "8e28", "1e300", "5e-324", "nan", "inf", "-inf", "123456789.123456789"];
    private static readonly string[] OddTimestamps =
        ["0001-01-01 00:00:00", "9999-12-31 23:59:59.999999", "10000-01-01", "0044-03-15 (BC)", "infinity", "-infinity", "1677-09-21 00:12:44", "2262-04-11 23:47:16.854775"];

    private readonly string _file = DuckDbFiles.TempParquet();

    public void Dispose() => File.Delete(_file);

    [Property(MaxTest = 20)]
    public void Typed_reads_of_amounts_and_timestamps_map_every_row_exactly_as_their_text_did(int seed)
    {
        var random = new Random(seed);
        var rows = 1 + random.Next(30);
        Write(random, rows);

        var typed = Parse(typedReads: true);
        var text = Parse(typedReads: false);

        Assert.Equal(rows, typed.Count);
        Assert.Equal(text.Count, typed.Count);
        for (var i = 0; i < text.Count; i++)
        {
            Assert.Equal(text[i].Error?.ToString(), typed[i].Error?.ToString());
            if (text[i].Value is { } expected)
            {
                AssertSameFields(expected, typed[i].Value!);
            }
        }
    }

    private static void AssertSameFields(FocusLineItem expected, FocusLineItem actual)
    {
        foreach (var property in typeof(FocusLineItem).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.Name is nameof(FocusLineItem.ExtraJsonUtf8) || property.GetIndexParameters().Length > 0)
            {
                continue;
            }
            var (a, b) = (property.GetValue(expected), property.GetValue(actual));
            Assert.True(Equals(a, b), $"{property.Name}: text read {a}, typed read {b}");
            if (a is DateTime time)
            {
                Assert.Equal(time.Kind, ((DateTime)b!).Kind);
            }
        }
    }

    private List<ParsedRecord<FocusLineItem>> Parse(bool typedReads)
    {
        using var parquet = ParquetRecordReader.Open(_file, "typed.parquet");
        parquet.TypedReads = typedReads;
        return [.. BillingCsvParser.Rows(BillingFormat.AwsCur2, parquet, parquet.Header, "typed.parquet")];
    }

    // A CUR 2.0 (snake_case) file: each amount and timestamp column of a type drawn for this file, values cast from
    // DuckDB literals (TRY_CAST: what a narrower type cannot hold is null, as a writer would leave it).
    private void Write(Random random, int rows)
    {
        var amountTypes = Amounts.Select(_ => AmountTypes[random.Next(AmountTypes.Length)]).ToArray();
        var timestampTypes = Timestamps.Select(_ => TimestampTypes[random.Next(TimestampTypes.Length)]).ToArray();
        var select = new StringBuilder();
        for (var r = 0; r < rows; r++)
        {
            var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(random.NextInt64(TimeSpan.TicksPerDay * 30) / 10 * 10);
            var normal = new[] { start, start.AddHours(1), new DateTime(2024, 1, 1), new DateTime(2024, 2, 1) };
            var values = Amounts.Select((_, k) => $"TRY_CAST({AmountLiteral(random)} AS {amountTypes[k]})")
                .Concat(Timestamps.Select((_, k) => CastTimestamp(TimestampLiteral(random, normal[k]), timestampTypes[k])))
                .Append(DuckDbFiles.Literal(LineItemTypes[random.Next(LineItemTypes.Length)]))
                .Append("'USD'")
                .Append(random.Next(3) == 0 ? "NULL" : DuckDbFiles.Literal($" m5.{random.Next(4)}xlarge "))
                .Append(random.Next(2) == 0 ? "NULL" : DuckDbFiles.Literal($"team-{random.Next(3)}"));
            select.Append(r == 0 ? "SELECT " : " UNION ALL SELECT ").AppendJoin(", ", values);
        }
        var names = Amounts.Concat(Timestamps).Concat(["line_item_line_item_type", "line_item_currency_code", "product_instance_type", "resource_tags_user_team"]);
        DuckDbFiles.Execute($"""
            COPY (SELECT * FROM ({select}) t({string.Join(", ", names)})) TO {DuckDbFiles.Literal(_file)} (FORMAT parquet)
            """);
    }

    // TRY_CAST to the other units throws (writing or reading back) at the extremes instead of giving null.
    private static string CastTimestamp(string literal, string type) => type is "TIMESTAMP_NS" or "TIMESTAMP_MS" or "TIMESTAMP_S"
        ? $"CASE WHEN {literal} BETWEEN TIMESTAMP '1678-01-01' AND TIMESTAMP '2262-01-01' THEN CAST({literal} AS {type}) END"
        : $"TRY_CAST({literal} AS {type})";

    private static string AmountLiteral(Random random) => random.Next(10) switch
    {
        0 => "NULL",
        1 => $"CAST({DuckDbFiles.Literal(BitConverter.Int64BitsToDouble(random.NextInt64()).ToString("R", CultureInfo.InvariantCulture))} AS DOUBLE)",
        2 => $"CAST({DuckDbFiles.Literal(OddDoubles[random.Next(OddDoubles.Length)])} AS DOUBLE)",
        3 => "'not a number'",
        _ => $"CAST({DuckDbFiles.Literal(((random.NextDouble() - 0.3) * Math.Pow(10, random.Next(-6, 8))).ToString("R", CultureInfo.InvariantCulture))} AS DOUBLE)",
    };

    private static string TimestampLiteral(Random random, DateTime normal) => random.Next(12) switch
    {
        0 => "NULL",
        1 => $"TRY_CAST({DuckDbFiles.Literal(OddTimestamps[random.Next(OddTimestamps.Length)])} AS TIMESTAMP)",
        2 => $"CAST({DuckDbFiles.Literal(new DateTime(1, 1, 1).AddTicks(random.NextInt64(DateTime.MaxValue.Ticks) / 10 * 10).ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture))} AS TIMESTAMP)",
        _ => $"CAST({DuckDbFiles.Literal(normal.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture))} AS TIMESTAMP)",
    };
}
