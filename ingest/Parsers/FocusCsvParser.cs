using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Parsers;

/// <summary>
/// Streams FOCUS 1.0–1.2 cost and usage rows out of CSV (RFC 4180, header row, optional BOM).
/// <list type="bullet">
/// <item>Header names are matched case-sensitively, as FOCUS specifies, after trimming whitespace. A missing
/// mandatory column throws <see cref="InputFormatException"/> when enumeration starts; <c>ServiceProviderName</c> (1.2+) stands in
/// for <c>ProviderName</c>.</item>
/// <item>Columns <see cref="FocusLineItem"/> does not name go to <see cref="FocusLineItem.Extra"/> by header name.</item>
/// <item>The token <c>NULL</c> and the empty string are null.</item>
/// <item>Numbers use the invariant culture (exponents allowed); timestamps are ISO 8601 with or without
/// <c>T</c>, offset or time, converted to UTC (no offset means UTC).</item>
/// <item>A bad row (field count, unparsable cost, period or Tags) yields an error record naming the
/// column and the physical line the row starts on, and parsing goes on.</item>
/// </list>
/// </summary>
public static class FocusCsvParser
{
    public static IEnumerable<ParsedRecord<FocusLineItem>> Parse(TextReader reader, string fileName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(fileName);
        return ParseRows(reader, fileName);
    }

    private static IEnumerable<ParsedRecord<FocusLineItem>> ParseRows(TextReader reader, string fileName)
    {
        var csv = new CsvRecordReader(reader);
        var header = CsvHeader.Read(csv, fileName);
        foreach (var record in ParseRows(csv, header, fileName))
        {
            yield return record;
        }
    }

    /// <summary>The rows after a header already read (by <see cref="CsvHeader.Read"/>); binding errors throw when enumeration starts.</summary>
    internal static IEnumerable<ParsedRecord<FocusLineItem>> ParseRows(IRecordReader csv, string[] header, string fileName)
    {
        var bindings = Bind(header, fileName, csv.StartLine);
        var strings = new InternPool(maxLength: 128);
        var tags = new FocusTags();
        while (csv.Read())
        {
            if (csv.IsBlank)
            {
                continue;
            }
            string? error;
            FocusLineItem? item = null;
            if (csv.Error is not null)
            {
                error = csv.Error;
            }
            else if (csv.FieldCount != header.Length)
            {
                error = $"row has {csv.FieldCount} fields but the header has {header.Length}";
            }
            else
            {
                error = MapRow(csv, header, bindings, strings, tags, out item);
            }
            yield return error is null
                ? ParsedRecord<FocusLineItem>.Ok(item!, csv.StartLine)
                : ParsedRecord<FocusLineItem>.Fail(new ParseError(fileName, csv.StartLine, error));
        }
    }

    // The binding per column index; null sends the column to Extra.
    private static FocusColumn?[] Bind(string[] header, string fileName, long headerLine)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in header)
        {
            if (!seen.Add(name))
            {
                throw new InputFormatException(fileName, headerLine, $"duplicate column '{name}' in header: {string.Join(',', header)}");
            }
        }
        var hasProvider = seen.Contains("ProviderName");
        var missing = FocusColumn.Mandatory
            .Where(m => !seen.Contains(m) && !(m == "ProviderName" && seen.Contains(FocusColumn.ServiceProviderName)))
            .ToList();
        if (missing.Count > 0)
        {
            throw new InputFormatException(fileName, headerLine,
                $"missing mandatory FOCUS column(s) {string.Join(", ", missing)}; header: {string.Join(',', header)}");
        }
        var bindings = new FocusColumn?[header.Length];
        for (var i = 0; i < header.Length; i++)
        {
            var name = !hasProvider && header[i] == FocusColumn.ServiceProviderName ? "ProviderName" : header[i];
            bindings[i] = FocusColumn.Known.GetValueOrDefault(name);
        }
        return bindings;
    }

    private static string? MapRow(IRecordReader csv, string[] header, FocusColumn?[] bindings, InternPool strings, FocusTags tags, out FocusLineItem? item)
    {
        var row = new FocusLineItem { SourceLine = csv.StartLine };
        item = null;
        for (var i = 0; i < bindings.Length; i++)
        {
            var text = csv[i];
            // Only the exact token NULL (quoted or not) and the empty string are null; "null" or "Null" are text.
            var isNull = text.IsEmpty || text is "NULL";
            var column = bindings[i];
            if (column is null)
            {
                if (!isNull)
                {
                    (row.Extra ??= new Dictionary<string, string?>(StringComparer.Ordinal))[header[i]] = strings.Get(text);
                }
                continue;
            }
            switch (column.Kind)
            {
                case FocusColumnKind.Text:
                    column.SetText!(row, isNull ? null : strings.Get(text));
                    break;
                case FocusColumnKind.RequiredText:
                    if (isNull)
                    {
                        return $"{column.Name} is null";
                    }
                    column.SetText!(row, strings.Get(text));
                    break;
                case FocusColumnKind.RequiredMoney or FocusColumnKind.Money or FocusColumnKind.Number:
                    decimal? number = null;
                    if (isNull)
                    {
                        if (column.Kind == FocusColumnKind.RequiredMoney)
                        {
                            return $"{column.Name} is null";
                        }
                    }
                    else if (DecimalText.TryParse(text, out var parsed))
                    {
                        number = parsed;
                    }
                    else
                    {
                        return $"{column.Name} is not a number: '{text}'";
                    }
                    column.SetNumber!(row, number);
                    break;
                case FocusColumnKind.Time:
                    if (isNull)
                    {
                        return $"{column.Name} is null";
                    }
                    if (!IsoTimestamp.TryParse(text, out var time))
                    {
                        return $"{column.Name} is not a timestamp: '{text}'";
                    }
                    column.SetTime!(row, time.UtcDateTime);
                    break;
                case FocusColumnKind.Tags:
                    string? json = null;
                    if (!isNull)
                    {
                        var tagsError = tags.Normalize(text, out json);
                        if (tagsError is not null)
                        {
                            return tagsError;
                        }
                    }
                    column.SetText!(row, json);
                    break;
                default:
                    throw new InvalidOperationException($"unhandled column kind {column.Kind}");
            }
        }
        item = row;
        return null;
    }
}
