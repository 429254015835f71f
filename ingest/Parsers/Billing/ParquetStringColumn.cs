namespace Platform.Insights.Ingest.Parsers.Billing;

/// <summary>A UTF-8 string column: the decoded characters are handed out as they are, without a copy.</summary>
internal sealed class ParquetStringColumn(ReadOnlyMemory<char>?[] values) : ParquetColumn
{
    public override ReadOnlySpan<char> Text(int row) => values[row] is { } value ? value.Span : default;
}
