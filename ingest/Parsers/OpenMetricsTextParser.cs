using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Parsers;

/// <summary>
/// Streams samples out of Prometheus text exposition format 0.0.4 and OpenMetrics 1.0 text.
/// <list type="bullet">
/// <item>Metadata (<c># HELP</c>, <c># TYPE</c>, <c># UNIT</c>), other comments and blank lines are skipped.</item>
/// <item><c># EOF</c> ends the input; any further non-blank line is reported once as an error.</item>
/// <item>Histogram and summary series (<c>_bucket</c>, <c>_sum</c>, <c>_count</c>, <c>_created</c>) are plain samples under their full names.</item>
/// <item>Timestamps: an integer or decimal below 1e11 in magnitude is seconds (OpenMetrics), otherwise
/// milliseconds (Prometheus text); a line without one gets the caller's default.</item>
/// <item>Exemplars (<c># {trace_id="…"} 1.0</c> after the value) are ignored.</item>
/// <item>A malformed line yields an error record with file and line and parsing goes on; so does a line over
/// <see cref="TextLineReader.DefaultMaxLineChars"/>, which is streamed past without being held in memory.</item>
/// </list>
/// Labels come out sorted by name without <c>__name__</c>; samples of a series that repeats share one
/// label array (treat it as immutable, as <see cref="MetricSample"/> says).
/// </summary>
public static class OpenMetricsTextParser
{
    public static IEnumerable<ParsedRecord<MetricSample>> Parse(TextReader reader, string fileName, long defaultTimestampMs)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(fileName);
        return ParseLines(reader, fileName, defaultTimestampMs);
    }

    private static IEnumerable<ParsedRecord<MetricSample>> ParseLines(TextReader reader, string fileName, long defaultTimestampMs)
    {
        var lines = new TextLineReader(reader);
        var parser = new OpenMetricsLineParser();
        var ended = false;
        while (lines.MoveNext())
        {
            if (lines.IsTooLong)
            {
                yield return ParsedRecord<MetricSample>.Fail(new ParseError(fileName, lines.LineNumber, TooLong(lines)));
                continue;
            }
            if (ended)
            {
                if (!lines.Current.Trim(" \t").IsEmpty)
                {
                    yield return ParsedRecord<MetricSample>.Fail(new ParseError(fileName, lines.LineNumber, "content after '# EOF'"));
                    yield break;
                }
                continue;
            }
            var kind = parser.ParseLine(lines.Current, defaultTimestampMs, out var sample, out var error);
            switch (kind)
            {
                case ExpositionLine.Sample:
                    yield return ParsedRecord<MetricSample>.Ok(sample!, lines.LineNumber);
                    break;
                case ExpositionLine.Error:
                    yield return ParsedRecord<MetricSample>.Fail(new ParseError(fileName, lines.LineNumber, error!));
                    break;
                case ExpositionLine.EndOfFile:
                    ended = true;
                    break;
                default:
                    break;
            }
        }
    }

    internal static string TooLong(TextLineReader lines) =>
        $"line longer than {lines.MaxLineChars} characters; skipped without reading it";
}
