namespace Platform.Insights.Ingest.Parsers.Billing;

/// <summary>A column already turned to text when its row group was loaded (maps as JSON, binary as base64).</summary>
internal sealed class ParquetTextColumn(string?[] values) : ParquetColumn
{
    public override ReadOnlySpan<char> Text(int row) => values[row];
}
