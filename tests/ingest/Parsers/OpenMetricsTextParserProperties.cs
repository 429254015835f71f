using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Platform.Insights.Ingest.Parsers;
using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Tests.Parsers;

public sealed class OpenMetricsTextParserProperties
{
    private const long DefaultTs = 42;

    private static readonly char[] Letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_".ToCharArray();
    private static readonly char[] Digits = "0123456789".ToCharArray();
    private static readonly char[] Tricky = "\"\\\n\r\t {},=#é日😀\u0000 ".ToCharArray();

    [Property(MaxTest = 300)]
    public Property Written_series_parse_back_to_identical_samples() =>
        Prop.ForAll(Arb.From(Gen.NonEmptyListOf(Series())), series =>
        {
            var text = new StringBuilder();
            foreach (var s in series)
            {
                Write(text, s);
            }
            var records = OpenMetricsTextParser.Parse(new StringReader(text.ToString()), "gen.prom", DefaultTs).ToList();
            return records.Count == series.Count
                && records.Zip(series).All(pair => Matches(pair.First, pair.Second));
        });

    private static bool Matches(ParsedRecord<MetricSample> record, GeneratedSeries expected)
    {
        if (record.Value is not { } sample)
        {
            return false;
        }
        var sortedLabels = expected.Labels.OrderBy(l => l.Name, StringComparer.Ordinal).ToArray();
        return sample.Metric == expected.Metric
            && sample.Labels.SequenceEqual(sortedLabels)
            && sample.Value.Equals(expected.Value)
            && sample.TimestampMs == (expected.TimestampMs ?? DefaultTs)
            && sample.SeriesId == SeriesIdentity.Compute(expected.Metric, sortedLabels);
    }

    private static void Write(StringBuilder text, GeneratedSeries s)
    {
        text.Append(s.Metric);
        if (s.Labels.Length > 0 || s.WriteEmptyBraces)
        {
            text.Append('{');
            text.AppendJoin(',', s.Labels.Select(l => $"{l.Name}=\"{Escape(l.Value)}\""));
            text.Append('}');
        }
        text.Append(' ').Append(s.Value.ToString("R", CultureInfo.InvariantCulture));
        if (s.TimestampMs is { } ms)
        {
            // Alternate the Prometheus (milliseconds) and OpenMetrics (fractional seconds) spellings.
            text.Append(' ').Append(s.WriteSeconds
                ? (ms / 1000m).ToString("0.000", CultureInfo.InvariantCulture)
                : ms.ToString(CultureInfo.InvariantCulture));
        }
        text.Append('\n');
    }

    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static Gen<GeneratedSeries> Series() =>
        from metric in Name(Letters.Append(':').ToArray(), Letters.Concat(Digits).Append(':').ToArray())
        from count in Gen.Choose(0, 5)
        from names in Gen.ListOf(Name(Letters, Letters.Concat(Digits).ToArray()), count)
        from values in Gen.ArrayOf(LabelValue(), names.Distinct().Count())
        from value in ArbMap.Default.GeneratorFor<double>().Where(double.IsFinite)
        from timestamp in Gen.OneOf(Gen.Constant<long?>(null), Gen.Choose(0, int.MaxValue).Select(t => (long?)(100_000_000_000L + (t * 997L))))
        from emptyBraces in ArbMap.Default.GeneratorFor<bool>()
        from seconds in ArbMap.Default.GeneratorFor<bool>()
        select new GeneratedSeries(
            metric,
            names.Where(n => n != "__name__").Distinct().Zip(values, (n, v) => new Label(n, v)).ToArray(),
            value,
            timestamp,
            emptyBraces,
            seconds);

    private static Gen<string> Name(char[] first, char[] rest) =>
        from head in Gen.Elements(first)
        from tail in Gen.ArrayOf(Gen.Elements(rest))
        select head + new string(tail);

    private static Gen<string> LabelValue() =>
        Gen.OneOf(
            ArbMap.Default.GeneratorFor<string>().Where(v => v is not null),
            Gen.ArrayOf(Gen.Elements(Tricky)).Select(chars => new string(chars)));

    private sealed record GeneratedSeries(string Metric, Label[] Labels, double Value, long? TimestampMs, bool WriteEmptyBraces, bool WriteSeconds);
}
