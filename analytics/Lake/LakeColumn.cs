using System.Data.Common;
using System.Globalization;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Platform.Insights.Analytics.Lake;

/// <summary>
/// One column of a lake file as Arrow builds it, from the DuckDB type of the store table's column: the Parquet types are
/// the ones DuckDB's own <c>COPY … (FORMAT parquet)</c> wrote before (TIMESTAMP as microseconds not adjusted to UTC,
/// UBIGINT as unsigned 64-bit, DECIMAL(p,s) as a decimal of the same precision and scale, JSON as a UTF-8 string),
/// and the lake's views cast each column back to the table's type, so the KPI SQL reads the same values.
/// </summary>
public sealed class LakeColumn
{
    private static readonly TimestampType Micros = new(TimeUnit.Microsecond, (string?)null);

    private LakeColumn(string name, string duckDbType, IArrowType type, bool nullable)
    {
        Name = name;
        DuckDbType = duckDbType;
        Field = new Field(name, type, nullable);
    }

    public string Name { get; }

    public string DuckDbType { get; }

    public Field Field { get; }

    /// <summary>The Arrow column for a DuckDB column type; a type the lake does not hold fails naming it.</summary>
    public static LakeColumn For(string name, string duckDbType, bool nullable = true)
    {
        ArgumentNullException.ThrowIfNull(duckDbType);
        IArrowType type = duckDbType switch
        {
            "VARCHAR" or "JSON" => StringType.Default,
            "UBIGINT" => UInt64Type.Default,
            "BIGINT" => Int64Type.Default,
            "INTEGER" => Int32Type.Default,
            "DOUBLE" => DoubleType.Default,
            "BOOLEAN" => BooleanType.Default,
            "TIMESTAMP" => Micros,
            _ when duckDbType.StartsWith("DECIMAL(", StringComparison.Ordinal) => Decimal(duckDbType),
            _ => throw new NotSupportedException($"the lake has no Arrow column for DuckDB type {duckDbType} (column {name})"),
        };
        return new LakeColumn(name, duckDbType, type, nullable);
    }

    /// <summary>A builder that appends this column's values from a DuckDB reader's <c>ordinal</c>.</summary>
    public ILakeColumnBuilder NewBuilder() => Field.DataType switch
    {
        StringType => new Builder<StringArray.Builder>(new StringArray.Builder(), (b, r, i) => b.Append(r.GetString(i)), b => b.AppendNull(), b => b.Build()),
        UInt64Type => new Builder<UInt64Array.Builder>(new UInt64Array.Builder(), (b, r, i) => b.Append(r.GetFieldValue<ulong>(i)), b => b.AppendNull(), b => b.Build()),
        Int64Type => new Builder<Int64Array.Builder>(new Int64Array.Builder(), (b, r, i) => b.Append(r.GetInt64(i)), b => b.AppendNull(), b => b.Build()),
        Int32Type => new Builder<Int32Array.Builder>(new Int32Array.Builder(), (b, r, i) => b.Append(r.GetInt32(i)), b => b.AppendNull(), b => b.Build()),
        DoubleType => new Builder<DoubleArray.Builder>(new DoubleArray.Builder(), (b, r, i) => b.Append(r.GetDouble(i)), b => b.AppendNull(), b => b.Build()),
        BooleanType => new Builder<BooleanArray.Builder>(new BooleanArray.Builder(), (b, r, i) => b.Append(r.GetBoolean(i)), b => b.AppendNull(), b => b.Build()),
        TimestampType t => new Builder<TimestampArray.Builder>(new TimestampArray.Builder(t), (b, r, i) => b.Append(Utc(r.GetDateTime(i))), b => b.AppendNull(), b => b.Build()),
        Decimal128Type d => new Builder<Decimal128Array.Builder>(new Decimal128Array.Builder(d), (b, r, i) => b.Append(r.GetDecimal(i)), b => b.AppendNull(), b => b.Build()),
        var other => throw new NotSupportedException($"no builder for {other.Name}"),
    };

    /// <summary>A store TIMESTAMP is a UTC time without a zone: as such it goes to Arrow (and Parquet), not shifted.</summary>
    public static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private static Decimal128Type Decimal(string duckDbType)
    {
        var parts = duckDbType["DECIMAL(".Length..^1].Split(',');
        return new Decimal128Type(int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    private sealed class Builder<TBuilder>(TBuilder builder, Action<TBuilder, DbDataReader, int> append, Action<TBuilder> appendNull,
        Func<TBuilder, IArrowArray> build) : ILakeColumnBuilder
    {
        public void Append(DbDataReader reader, int ordinal)
        {
            if (reader.IsDBNull(ordinal))
            {
                appendNull(builder);
            }
            else
            {
                append(builder, reader, ordinal);
            }
        }

        public IArrowArray Build() => build(builder);
    }
}
