using Parquet;
using Parquet.Schema;

namespace Platform.Insights.Ingest.Parsers.Billing;

/// <summary>
/// One top-level column of one Parquet row group, decoded and kept typed; a value becomes invariant text only when a
/// mapper reads it (doubles round-trip, timestamps ISO 8601 UTC, maps a JSON object), so a row group costs its typed
/// arrays rather than a string per cell. Null reads as empty text, as an empty CSV field does.
/// </summary>
internal abstract class ParquetColumn
{
    /// <summary>The value's text; valid until the next call for this column.</summary>
    public abstract ReadOnlySpan<char> Text(int row);

    /// <summary>Why the reader cannot read <paramref name="field"/>, or null when it can.</summary>
    public static string? Unsupported(Field field) => field switch
    {
        DataField { IsArray: true } => "a repeated value",
        DataField data => ParquetValueFormat.Supports(data.ClrType) ? null : $"values of type {data.ClrType.Name}",
        MapField { Key: DataField key, Value: DataField value } when ParquetMapColumn.Supports(key) && ParquetMapColumn.Supports(value) => null,
        _ => $"a nested {field.SchemaType} (only flat columns and maps of plain values are read)",
    };

    /// <summary>Decodes <paramref name="field"/> of a row group (checked with <see cref="Unsupported"/> first).</summary>
    public static async Task<ParquetColumn> LoadAsync(ParquetRowGroupReader group, Field field, int rows, CancellationToken cancellationToken)
    {
        if (field is MapField map)
        {
            return await ParquetMapColumn.LoadAsync(group, map, rows, cancellationToken);
        }
        var data = (DataField)field;
        var type = data.ClrType;
        if (type == typeof(ReadOnlyMemory<char>))
        {
            return new ParquetStringColumn(await ValuesAsync<ReadOnlyMemory<char>>(group, data, rows, cancellationToken));
        }
        if (type == typeof(string))
        {
            var values = new string[rows];
            await group.ReadAsync(data, values, null, cancellationToken);
            return new ParquetTextColumn(values);
        }
        if (type == typeof(byte[]))
        {
            var values = new byte[rows][];
            await group.ReadAsync(data, values, null, cancellationToken);
            return new ParquetTextColumn([.. values.Select(v => v is null ? null : Convert.ToBase64String(v))]);
        }
        return type switch
        {
            _ when type == typeof(double) => await Typed<double>(group, data, rows, cancellationToken),
            _ when type == typeof(float) => await Typed<float>(group, data, rows, cancellationToken),
            _ when type == typeof(decimal) => await Typed<decimal>(group, data, rows, cancellationToken),
            _ when type == typeof(long) => await Typed<long>(group, data, rows, cancellationToken),
            _ when type == typeof(int) => await Typed<int>(group, data, rows, cancellationToken),
            _ when type == typeof(short) => await Typed<short>(group, data, rows, cancellationToken),
            _ when type == typeof(sbyte) => await Typed<sbyte>(group, data, rows, cancellationToken),
            _ when type == typeof(byte) => await Typed<byte>(group, data, rows, cancellationToken),
            _ when type == typeof(ushort) => await Typed<ushort>(group, data, rows, cancellationToken),
            _ when type == typeof(uint) => await Typed<uint>(group, data, rows, cancellationToken),
            _ when type == typeof(ulong) => await Typed<ulong>(group, data, rows, cancellationToken),
            _ when type == typeof(bool) => await Typed<bool>(group, data, rows, cancellationToken),
            _ when type == typeof(DateTime) => await Typed<DateTime>(group, data, rows, cancellationToken),
            _ when type == typeof(DateTimeOffset) => await Typed<DateTimeOffset>(group, data, rows, cancellationToken),
            _ when type == typeof(DateOnly) => await Typed<DateOnly>(group, data, rows, cancellationToken),
            _ when type == typeof(TimeOnly) => await Typed<TimeOnly>(group, data, rows, cancellationToken),
            _ when type == typeof(TimeSpan) => await Typed<TimeSpan>(group, data, rows, cancellationToken),
            _ when type == typeof(Guid) => await Typed<Guid>(group, data, rows, cancellationToken),
            _ => throw new NotSupportedException($"column {field.Name}: values of type {type.Name}"),
        };
    }

    private static async Task<ParquetColumn> Typed<T>(ParquetRowGroupReader group, DataField field, int rows, CancellationToken cancellationToken)
        where T : struct =>
        new ParquetTypedColumn<T>(await ValuesAsync<T>(group, field, rows, cancellationToken));

    // Reads the packed values and our own definition levels and spreads them over the rows. The nullable ReadAsync
    // overload was seen to hand out nulls in a required column when several files were read at once, so the
    // expansion is done here, on buffers this reader owns.
    private static async Task<T?[]> ValuesAsync<T>(ParquetRowGroupReader group, DataField field, int rows, CancellationToken cancellationToken)
        where T : struct
    {
        var packed = new T[rows];
        var values = new T?[rows];
        if (field.MaxDefinitionLevel == 0)
        {
            await group.ReadRawAsync<T>(field, packed, null, null, cancellationToken);
            for (var i = 0; i < rows; i++)
            {
                values[i] = packed[i];
            }
            return values;
        }
        var definitions = new int[rows];
        await group.ReadRawAsync<T>(field, packed, definitions, null, cancellationToken);
        for (int i = 0, next = 0; i < rows; i++)
        {
            values[i] = definitions[i] == field.MaxDefinitionLevel ? packed[next++] : null;
        }
        return values;
    }
}
