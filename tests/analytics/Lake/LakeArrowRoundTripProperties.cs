using System.Globalization;
using DuckDB.NET.Data;
using FsCheck.Xunit;
using Platform.Insights.Analytics.Lake;
using Platform.Insights.Analytics.Tests.Support;

namespace Platform.Insights.Analytics.Tests.Lake;

/// <summary>
/// Rows written through Arrow (<see cref="LakeBatches"/>, <see cref="SampleBatches"/>) and ParquetSharp
/// (<see cref="LakeParquet"/>) read back through DuckDB's <c>read_parquet</c>, with the lake views' SQL, exactly as they
/// went in: UTC timestamps unshifted, money decimals to the last digit, NaN and infinities, nulls, UTF-8 text and JSON.
/// </summary>
public sealed class LakeArrowRoundTripProperties : IDisposable
{
    private static readonly LakeKind Kind = new("roundtrip", "t", "ts");
    private static readonly string[] Texts = ["", " ", "ünïcødé ✓ 𝄞", "quote \" and \\ backslash", "line\nbreak", "{\"json\":[1,2]}", "'single'", "日本語のラベル"];
    private static readonly double[] Doubles = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.0, double.Epsilon, double.MaxValue, double.MinValue, 0.1];
    private static readonly DateTime[] Days = [new(1969, 12, 31), new(2024, 2, 29), new(2024, 9, 1), new(2024, 9, 2)];

    private readonly TempDirectory _dir = new();
    private readonly DuckDBConnection _connection = new("DataSource=:memory:");

    public LakeArrowRoundTripProperties() => _connection.Open();

    public void Dispose()
    {
        _connection.Dispose();
        _dir.Dispose();
    }

    [Property(MaxTest = 5)]
    public void Rows_of_every_lake_column_type_come_back_identical_through_read_parquet(int seed, string[] labels)
    {
        var random = new Random(seed);
        var pool = Texts.Concat((labels ?? []).Where(t => t is not null && !HasLoneSurrogate(t)).Select(t => t.Replace("\0", "", StringComparison.Ordinal))).ToArray();
        var count = FillTable(random, pool);

        var columns = LakeBatches.Columns(_connection, "t");
        var directory = Path.Combine(_dir.Path, $"run{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        var files = new List<string>();
        foreach (var (date, batch) in LakeBatches.Read(_connection, Kind, "t"))
        {
            using (batch)
            {
                var file = Path.Combine(directory, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ".parquet");
                LakeParquet.Write(file, batch.Schema, [batch]);
                files.Add(file);
                // Each file holds its own date's rows only.
                Assert.Equal(0L, Scalar($"SELECT count(*) FROM read_parquet('{file}') WHERE CAST(ts AS DATE) <> DATE '{date:yyyy-MM-dd}'"));
            }
        }

        var lake = LakeViews.Select(Kind, [.. columns.Select(c => (c.Name, c.DuckDbType))], files);
        Assert.Equal((long)count, Scalar($"SELECT count(*) FROM ({lake})"));
        Assert.Equal(0L, Scalar($"SELECT count(*) FROM (SELECT * FROM t EXCEPT ALL {lake})"));
        Assert.Equal(0L, Scalar($"SELECT count(*) FROM ({lake} EXCEPT ALL SELECT * FROM t)"));
        // Exact, not merely equal after a cast: the file's own types are the table's (JSON as its UTF-8 text).
        Assert.Equal("id BIGINT, label VARCHAR, labels VARCHAR, series_id UBIGINT, n INTEGER, value DOUBLE, flag BOOLEAN, ts TIMESTAMP, event_end TIMESTAMP, cost DECIMAL(38,12), target DECIMAL(9,6)",
            Text($"SELECT string_agg(column_name || ' ' || column_type, ', ') FROM (DESCRIBE SELECT * FROM read_parquet('{files[0]}'))"));
        Assert.Equal(0L, Scalar($"SELECT count(*) FROM t a JOIN ({lake}) b USING (id) WHERE a.value IS DISTINCT FROM b.value OR a.cost IS DISTINCT FROM b.cost OR a.labels IS DISTINCT FROM b.labels"));
    }

    [Property(MaxTest = 8)]
    public void Samples_built_from_records_come_back_as_the_embedded_store_would_hold_them(int seed)
    {
        var random = new Random(seed);
        Execute("CREATE OR REPLACE TABLE expected (service VARCHAR, metric VARCHAR, series_id UBIGINT, ts TIMESTAMP, value DOUBLE)");
        using var samples = new SampleBatches();
        using (var appender = _connection.CreateAppender("expected"))
        {
            for (var s = 0; s < 1 + random.Next(8); s++)
            {
                var (service, metric, id) = (Texts[random.Next(Texts.Length)] + "svc", "m_" + s, (ulong)random.NextInt64());
                // A run of one series may cross midnight (and 1970): its samples split across date partitions.
                var start = new DateTimeOffset(Days[random.Next(Days.Length)], TimeSpan.Zero).AddHours(23).ToUnixTimeMilliseconds() + random.Next(3_600_000);
                var timestamps = Enumerable.Range(0, 1 + random.Next(50)).Select(i => start + (i * 61_000L)).ToArray();
                var values = timestamps.Select(_ => random.Next(4) == 0 ? Doubles[random.Next(Doubles.Length)] : random.NextDouble()).ToArray();
                samples.Append(service, metric, id, timestamps, values);
                for (var i = 0; i < timestamps.Length; i++)
                {
                    appender.CreateRow().AppendValue(service).AppendValue(metric).AppendValue(id)
                        .AppendValue(DateTime.UnixEpoch.AddMilliseconds(timestamps[i])).AppendValue(values[i]).EndRow();
                }
            }
        }

        var directory = Path.Combine(_dir.Path, $"run{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        var files = new List<string>();
        foreach (var (date, batch) in samples.Build())
        {
            var file = Path.Combine(directory, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ".parquet");
            LakeParquet.Write(file, batch.Schema, [batch]);
            files.Add(file);
            Assert.Equal(0L, Scalar($"SELECT count(*) FROM read_parquet('{file}') WHERE CAST(ts AS DATE) <> DATE '{date:yyyy-MM-dd}'"));
        }
        var lake = LakeViews.Select(LakeKind.Metrics, [("service", "VARCHAR"), ("metric", "VARCHAR"), ("series_id", "UBIGINT"), ("ts", "TIMESTAMP"), ("value", "DOUBLE")], files);
        Assert.Equal(0L, Scalar($"SELECT count(*) FROM (SELECT * FROM expected EXCEPT ALL {lake})"));
        Assert.Equal(0L, Scalar($"SELECT count(*) FROM ({lake} EXCEPT ALL SELECT * FROM expected)"));
        Assert.Equal(Scalar("SELECT count(DISTINCT CAST(ts AS DATE)) FROM expected"), (long)files.Count);
        Assert.Equal("ZSTD", Text($"SELECT DISTINCT compression FROM parquet_metadata('{files[0]}')"));
        Assert.Contains("ParquetSharp", Text($"SELECT created_by FROM parquet_file_metadata('{files[0]}')"), StringComparison.Ordinal);
    }

    [Property(MaxTest = 5)]
    public void Files_written_by_duckdb_copy_and_by_arrow_read_back_together_as_one_table(int seed)
    {
        // Lakes written before the Arrow writer hold DuckDB COPY files, and the compactor still writes with COPY: a
        // partition may mix both, and the views must read them as one table.
        var random = new Random(seed);
        var count = FillTable(random, Texts);
        var columns = LakeBatches.Columns(_connection, "t");
        var directory = Path.Combine(_dir.Path, $"run{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        Execute("CREATE OR REPLACE TABLE t_arrow AS SELECT * FROM t WHERE id % 2 = 1");
        var copied = Path.Combine(directory, "copy.parquet");
        Execute($"COPY (SELECT * FROM t WHERE id % 2 = 0) TO '{copied}' (FORMAT parquet, COMPRESSION zstd)");
        var files = new List<string> { copied };
        foreach (var (date, batch) in LakeBatches.Read(_connection, Kind, "t_arrow"))
        {
            using (batch)
            {
                var file = Path.Combine(directory, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ".parquet");
                LakeParquet.Write(file, batch.Schema, [batch]);
                files.Add(file);
            }
        }

        var lake = LakeViews.Select(Kind, [.. columns.Select(c => (c.Name, c.DuckDbType))], files);
        Assert.Equal((long)count, Scalar($"SELECT count(*) FROM ({lake})"));
        Assert.Equal(0L, Scalar($"SELECT count(*) FROM (SELECT * FROM t EXCEPT ALL {lake})"));
        Assert.Equal(0L, Scalar($"SELECT count(*) FROM ({lake} EXCEPT ALL SELECT * FROM t)"));
        Assert.Equal(0L, Scalar($"SELECT count(*) FROM t a JOIN ({lake}) b USING (id) WHERE a.value IS DISTINCT FROM b.value OR a.cost IS DISTINCT FROM b.cost OR a.labels IS DISTINCT FROM b.labels OR a.ts IS DISTINCT FROM b.ts"));
    }

    /// <summary>Table <c>t</c> with 1–60 random rows of every lake column type; returns the row count.</summary>
    private int FillTable(Random random, string[] pool)
    {
        Execute("""
            CREATE OR REPLACE TABLE t (id BIGINT, label VARCHAR, labels JSON, series_id UBIGINT, n INTEGER, value DOUBLE, flag BOOLEAN,
                ts TIMESTAMP, event_end TIMESTAMP, cost DECIMAL(38, 12), target DECIMAL(9, 6))
            """);
        var count = 1 + random.Next(60);
        using (var appender = _connection.CreateAppender("t"))
        {
            for (var i = 0; i < count; i++)
            {
                var row = appender.CreateRow().AppendValue((long)i);
                row = Maybe(random) ? row.AppendNullValue() : row.AppendValue(pool[random.Next(pool.Length)]);
                row = Maybe(random) ? row.AppendNullValue() : row.AppendValue(System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { [pool[random.Next(pool.Length)]] = pool[random.Next(pool.Length)] }));
                row = Maybe(random) ? row.AppendNullValue() : row.AppendValue((ulong)random.NextInt64() * 2 + (ulong)random.Next(2));
                row = Maybe(random) ? row.AppendNullValue() : row.AppendValue(random.Next(int.MinValue, int.MaxValue));
                row = Maybe(random) ? row.AppendNullValue() : row.AppendValue(random.Next(3) == 0 ? Doubles[random.Next(Doubles.Length)] : random.NextDouble() * 1e6 - 5e5);
                row = Maybe(random) ? row.AppendNullValue() : row.AppendValue(random.Next(2) == 0);
                row = row.AppendValue(Time(random));
                row = Maybe(random) ? row.AppendNullValue() : row.AppendValue(Time(random));
                // Money to the picocent: any 96-bit mantissa at scale 12 (.NET decimal's whole range there).
                row = Maybe(random) ? row.AppendNullValue() : row.AppendValue(new decimal(random.Next(int.MinValue, int.MaxValue), random.Next(int.MinValue, int.MaxValue), random.Next(int.MinValue, int.MaxValue), random.Next(2) == 0, 12));
                row = Maybe(random) ? row.AppendNullValue() : row.AppendValue(Math.Round((decimal)random.NextDouble() * 999m, 6));
                row.EndRow();
            }
        }
        return count;
    }

    private static bool Maybe(Random random) => random.Next(5) == 0;

    private static DateTime Time(Random random) =>
        Days[random.Next(Days.Length)].AddTicks(random.NextInt64(TimeSpan.TicksPerDay) / 10 * 10); // microseconds, DuckDB's unit

    private static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }
        return false;
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private long Scalar(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private string Text(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture)!;
    }
}
