namespace Platform.Insights.Ingest.Parsers;

/// <summary>
/// A reader positioned on one tabular record at a time: a CSV record, a Parquet row or a flattened JSON line.
/// The billing mappers read fields through it, so one mapping serves every container format.
/// </summary>
internal interface IRecordReader
{
    /// <summary>Moves to the next record; false at the end of the input (or of the loaded block, for Parquet).</summary>
    bool Read();

    int FieldCount { get; }

    /// <summary>1-based line (CSV, JSON lines) or row number (Parquet) of the current record, for error messages.</summary>
    long StartLine { get; }

    /// <summary>Why the current record is malformed, or null.</summary>
    string? Error { get; }

    /// <summary>True when the current record is an empty line.</summary>
    bool IsBlank { get; }

    /// <summary>The field's invariant text (empty when null); valid until the next call of this indexer or <see cref="Read"/>.</summary>
    ReadOnlySpan<char> this[int index] { get; }
}
