using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Parsers;

/// <summary>
/// Streams Elastic Common Schema events out of NDJSON (one JSON object per line), accepting nested
/// objects, dotted keys and mixes of both. Mapped: <c>@timestamp</c> (required; RFC 3339 or epoch
/// milliseconds), <c>event.id</c> (else a SHA-256 content id of the line), <c>service.name</c>,
/// <c>service.environment</c>, <c>service.version</c>, <c>event.action</c>, <c>event.outcome</c>,
/// <c>event.category</c>, <c>log.level</c>, <c>message</c>, <c>event.start</c>, <c>event.end</c>,
/// <c>event.duration</c> (nanoseconds) and <c>labels.*</c>; the whole line is kept as RawJson.
/// Blank lines are skipped; a bad line (or one over <see cref="TextLineReader.DefaultMaxLineChars"/>, never held in memory) yields an error record with file, line and reason (<see cref="DropReasons"/>)
/// and parsing goes on; with <see cref="DeliveryEventRules"/> (the import path passes them), a readable event that breaks
/// one of their checks is such an error too. With an <see cref="EcsFieldMap"/> (file import and push pass the configured
/// <c>Insights:Ingest:Fields</c>) documents naming the fields differently are read as the Elasticsearch pull reads them.
/// </summary>
public static class EcsNdjsonParser
{
    public static IEnumerable<ParsedRecord<LogEvent>> Parse(TextReader reader, string fileName, DeliveryEventRules? rules = null, EcsFieldMap? fields = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(fileName);
        return ParseLines(reader, fileName, rules, fields);
    }

    private static IEnumerable<ParsedRecord<LogEvent>> ParseLines(TextReader reader, string fileName, DeliveryEventRules? rules, EcsFieldMap? fields)
    {
        var lines = new TextLineReader(reader);
        var events = new EcsEventReader(fields);
        while (lines.MoveNext())
        {
            if (lines.IsTooLong)
            {
                yield return ParsedRecord<LogEvent>.Fail(new ParseError(fileName, lines.LineNumber, OpenMetricsTextParser.TooLong(lines)));
                continue;
            }
            if (lines.Current.IsWhiteSpace())
            {
                continue;
            }
            var failure = events.Read(lines.Current.Trim(), out var logEvent) ?? rules?.Check(logEvent!);
            yield return failure is { } f
                ? ParsedRecord<LogEvent>.Fail(new ParseError(fileName, lines.LineNumber, f.Message, f.Reason))
                : ParsedRecord<LogEvent>.Ok(logEvent!, lines.LineNumber);
        }
    }
}
