using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Parsers.Billing;

/// <summary>
/// A record source that can build a row's <c>x_…</c> extra columns itself, as one JSON object, instead of handing each
/// value over for the mapper to copy: DuckDB does it in SQL for Parquet (<see cref="ParquetRecordReader"/>), where a CUR
/// row's ~110 extra values read as .NET strings, put in a dictionary and serialised again cost more than the mapping.
/// </summary>
internal interface IExtraColumnsSource
{
    /// <summary>
    /// Asks the source to build the extras of <paramref name="columns"/> (header indexes) under <paramref name="keys"/>,
    /// keeping only non-empty trimmed values, as <see cref="BillingRowMapper"/>'s own copy does; call before the first
    /// <see cref="IRecordReader.Read"/>. Only the columns in <paramref name="read"/> stay readable one by one (the
    /// others read as empty), so what the mapper never looks at is not handed over at all.
    /// </summary>
    void BuildExtra(IReadOnlyList<int> columns, IReadOnlyList<string> keys, IReadOnlySet<int> read);

    /// <summary>
    /// The current row's extras as the UTF-8 bytes of a JSON object text, copied into <paramref name="arena"/>; empty when
    /// every one is empty. Bytes, not a string: the appender stores them as they are (see <see cref="FocusLineItem.ExtraJsonUtf8"/>).
    /// </summary>
    ReadOnlyMemory<byte> ExtraJsonUtf8(Utf8Arena arena);
}
