namespace Platform.Insights.Ingest.Parsers.Billing;

/// <summary>A column of plain values kept typed; each read formats one value into a buffer of this column's own.</summary>
internal sealed class ParquetTypedColumn<T>(T?[] values) : ParquetColumn
    where T : struct
{
    private char[] buffer = new char[64];

    public override ReadOnlySpan<char> Text(int row)
    {
        if (values[row] is not { } value)
        {
            return default;
        }
        int written;
        while (!ParquetValueFormat.TryFormat(value, buffer, out written))
        {
            buffer = new char[buffer.Length * 2];
        }
        return buffer.AsSpan(0, written);
    }
}
