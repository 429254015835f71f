namespace Platform.Insights.Ingest.Parsers.Billing;

/// <summary>
/// A record source that can hand amounts and timestamps over in their own type rather than as text, where its format
/// has types (Parquet: <see cref="ParquetRecordReader"/>). An AWS CUR row carries up to nine amounts and four
/// timestamps; as text each was a DuckDB string, a .NET string and a parse per row. The mapper's rules do not change:
/// an amount still goes through the same decimal parser (from a stack buffer), a null is an empty field, and whatever
/// the source cannot type is read as text (<see cref="IRecordReader"/>'s indexer) as before.
/// </summary>
internal interface ITypedColumnsSource
{
    /// <summary>Asks for <paramref name="numbers"/> and <paramref name="timestamps"/> (header indexes) typed; call before the first read.</summary>
    void ReadTyped(IReadOnlySet<int> numbers, IReadOnlySet<int> timestamps);

    /// <summary>
    /// When column <paramref name="index"/> is read as a typed amount: writes the field's invariant text into
    /// <paramref name="destination"/> (nothing when null) and returns true. False: read the field's text instead.
    /// </summary>
    bool TryNumberText(int index, Span<char> destination, out int written);

    /// <summary>
    /// When column <paramref name="index"/> is read as a typed timestamp: the value as UTC, or null when the field is
    /// null, and true. False: read the field's text instead (also for a value .NET cannot hold, whose text is DuckDB's).
    /// </summary>
    bool TryTimestamp(int index, out DateTime? value);
}
