using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Parquet;
using Parquet.Schema;

namespace Platform.Insights.Ingest.Parsers.Billing;

/// <summary>
/// Turns a Parquet MAP column (CUR 2.0 <c>resource_tags</c>, <c>cost_category</c>; FOCUS <c>Tags</c> as a map) into one
/// JSON object text per row; a null or empty map is null. Keys and values are read as leaf columns with their
/// repetition and definition levels: a repetition level of 0 starts a row, and a leaf is present only at its maximum
/// definition level (Parquet.Net hands out the present values packed, in level order).
/// </summary>
internal static class ParquetMapColumn
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly HashSet<Type> LeafTypes =
        [typeof(ReadOnlyMemory<char>), typeof(double), typeof(decimal), typeof(long), typeof(int), typeof(float), typeof(bool), typeof(DateTime)];

    /// <summary>True for a plain key or value type this reader turns into JSON.</summary>
    public static bool Supports(DataField leaf) => !leaf.IsArray && LeafTypes.Contains(leaf.ClrType);

    public static async Task<ParquetColumn> LoadAsync(ParquetRowGroupReader group, MapField map, int rows, CancellationToken cancellationToken)
    {
        var keyField = (DataField)map.Key;
        var valueField = (DataField)map.Value;
        var levels = checked((int)(group.GetMetadata(keyField)?.MetaData?.NumValues ?? 0));
        var (keys, keyDefinitions, repetitions) = await LeafAsync(group, keyField, levels, cancellationToken);
        var (values, valueDefinitions, _) = await LeafAsync(group, valueField, levels, cancellationToken);
        var texts = new string?[rows];
        var output = new ArrayBufferWriter<byte>(256);
        using var writer = new Utf8JsonWriter(output, WriterOptions);
        int row = -1, nextKey = 0, nextValue = 0, entries = 0;
        for (var i = 0; i < levels; i++)
        {
            if (repetitions[i] == 0)
            {
                Close(writer, output, texts, row, entries);
                row++;
                entries = 0;
                output.ResetWrittenCount();
                writer.Reset(output);
                writer.WriteStartObject();
            }
            if (keyDefinitions[i] < keyField.MaxDefinitionLevel)
            {
                continue; // a null or empty map
            }
            var key = keys[nextKey++] ?? "";
            var value = valueDefinitions[i] == valueField.MaxDefinitionLevel ? values[nextValue++] : null;
            if (value is null)
            {
                writer.WriteNull(key);
            }
            else
            {
                writer.WriteString(key, value);
            }
            entries++;
        }
        Close(writer, output, texts, row, entries);
        return new ParquetTextColumn(texts);
    }

    private static void Close(Utf8JsonWriter writer, ArrayBufferWriter<byte> output, string?[] texts, int row, int entries)
    {
        if (row < 0 || row >= texts.Length)
        {
            return;
        }
        writer.WriteEndObject();
        writer.Flush();
        texts[row] = entries == 0 ? null : Encoding.UTF8.GetString(output.WrittenSpan);
    }

    // The present values of a leaf as text (packed), and the definition and repetition level of every slot.
    private static async Task<(string?[] Values, int[] Definitions, int[] Repetitions)> LeafAsync(
        ParquetRowGroupReader group, DataField field, int levels, CancellationToken cancellationToken)
    {
        var definitions = new int[levels];
        var repetitions = new int[levels];
        var type = field.ClrType;
        if (type == typeof(ReadOnlyMemory<char>))
        {
            var raw = new ReadOnlyMemory<char>[levels];
            await group.ReadRawAsync<ReadOnlyMemory<char>>(field, raw, definitions, repetitions, cancellationToken);
            return ([.. raw.Select(v => (string?)v.ToString())], definitions, repetitions);
        }
        return type switch
        {
            _ when type == typeof(double) => await Formatted<double>(group, field, definitions, repetitions, cancellationToken),
            _ when type == typeof(decimal) => await Formatted<decimal>(group, field, definitions, repetitions, cancellationToken),
            _ when type == typeof(long) => await Formatted<long>(group, field, definitions, repetitions, cancellationToken),
            _ when type == typeof(int) => await Formatted<int>(group, field, definitions, repetitions, cancellationToken),
            _ when type == typeof(float) => await Formatted<float>(group, field, definitions, repetitions, cancellationToken),
            _ when type == typeof(bool) => await Formatted<bool>(group, field, definitions, repetitions, cancellationToken),
            _ when type == typeof(DateTime) => await Formatted<DateTime>(group, field, definitions, repetitions, cancellationToken),
            _ => throw new NotSupportedException($"map {field.Path}: values of type {type.Name}"),
        };
    }

    private static async Task<(string?[], int[], int[])> Formatted<T>(
        ParquetRowGroupReader group, DataField field, int[] definitions, int[] repetitions, CancellationToken cancellationToken)
        where T : struct
    {
        var raw = new T[definitions.Length];
        await group.ReadRawAsync<T>(field, raw, definitions, repetitions, cancellationToken);
        var buffer = new char[64];
        var texts = new string?[raw.Length];
        for (var i = 0; i < raw.Length; i++)
        {
            texts[i] = ParquetValueFormat.TryFormat(raw[i], buffer, out var written) ? new string(buffer, 0, written) : raw[i].ToString();
        }
        return (texts, definitions, repetitions);
    }
}
