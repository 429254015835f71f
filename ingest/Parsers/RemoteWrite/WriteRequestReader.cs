using System.Buffers.Binary;
using System.Text;
using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Parsers.RemoteWrite;

/// <summary>
/// Decodes a (decompressed) Prometheus remote write 1.0 <c>prometheus.WriteRequest</c>.
/// <para>
/// Hand-written over the protobuf wire format (<see cref="ProtoWireReader"/>) rather than generated code: the
/// message is four tiny types (WriteRequest, TimeSeries, Label, Sample) that the 1.0 spec freezes, so a reader over
/// the span is ~200 lines with no dependency, reads labels as byte ranges and only turns a series' labels into
/// strings once the series is valid (a 10,000-label series costs no strings), interns repeated names and values
/// across requests, and decodes each series' samples into two arrays (timestamps, values: <see cref="SeriesSamples"/>)
/// that share one label array and series id — no object per sample. Generated
/// Google.Protobuf or protobuf-net types would allocate an object and strings per label and per sample first.
/// Unknown fields (metadata, exemplars, native histograms) are skipped, as protobuf requires.
/// </para>
/// <para>
/// A body that does not decode throws <see cref="RemoteWriteFormatException"/> (the request is bad as a whole);
/// more series than allowed throws <see cref="RemoteWriteTooLargeException"/>. A series that decodes but breaks the
/// spec's label rules (missing <c>__name__</c>, unsorted or repeated names, empty names or values, invalid names or
/// UTF-8) or this receiver's label limits is rejected alone and listed in <see cref="DecodedWriteRequest.Rejections"/>.
/// </para>
/// </summary>
public static class WriteRequestReader
{
    private const string MetricNameLabel = "__name__";
    private const int DescriptionLength = 160;

    [ThreadStatic]
    private static InternPool? t_strings;

    [ThreadStatic]
    private static SampleColumns? t_samples;

    public static DecodedWriteRequest Read(ReadOnlySpan<byte> body, WriteRequestLimits limits) => Read(body, limits, null);

    /// <summary>
    /// Decodes with <paramref name="known"/>: a series whose label bytes it holds (and that is within
    /// <paramref name="limits"/>) takes its strings and id from there; the others are decoded and checked as without it,
    /// and the valid ones are added. The result is the same as without the cache.
    /// </summary>
    public static DecodedWriteRequest Read(ReadOnlySpan<byte> body, WriteRequestLimits limits, SeriesCache? known)
    {
        var result = new DecodedWriteRequest();
        var labels = new List<LabelRange>();
        var samples = t_samples ??= new SampleColumns();
        var strings = t_strings ??= new InternPool(maxLength: 128);
        var reader = new ProtoWireReader(body, 0, body.Length);
        var seriesCount = 0;
        while (!reader.AtEnd)
        {
            var (field, wireType) = reader.ReadTag();
            if (field != 1)
            {
                reader.Skip(wireType);
                continue;
            }
            reader.Expect(wireType, ProtoWireReader.LengthDelimited, "WriteRequest.timeseries");
            var (start, end) = reader.ReadLengthDelimited();
            if (++seriesCount > limits.MaxSeries)
            {
                throw new RemoteWriteTooLargeException($"request has more than {limits.MaxSeries} series (Insights:Ingest:RemoteWrite:MaxSeriesPerRequest)");
            }
            labels.Clear();
            samples.Clear();
            // With a cache, the labels are only skipped over first: a series it knows needs its label bytes, not its labels.
            var labelBytes = ReadSeries(body, start, end, known is null ? labels : null, samples);
            result.Samples += samples.Count;
            var raw = labelBytes.Length > 0 ? body.Slice(labelBytes.Start, labelBytes.Length) : default;
            if (known is not null && !raw.IsEmpty && known.Find(raw) is { } entry && entry.Within(limits))
            {
                if (samples.Count > 0)
                {
                    result.Series.Add(new DecodedSeries(new SeriesSamples(entry.Metric, entry.Labels, entry.SeriesId, samples.Timestamps(), samples.Values()), entry));
                }
                continue;
            }
            if (known is not null)
            {
                ReadLabels(body, start, end, labels);
            }
            if (LabelRules.Validate(body, labels, limits) is { } reason)
            {
                result.Rejections.Add(new SeriesRejection(reason, Describe(body, labels), samples.Count));
            }
            else if (known is not null && !raw.IsEmpty)
            {
                var series = Build(body, labels, samples, strings);
                var added = known.Add(raw, series, labels.Count, LabelRules.Longest(labels));
                if (samples.Count > 0)
                {
                    result.Series.Add(new DecodedSeries(series, added));
                }
            }
            else if (samples.Count > 0)
            {
                result.Series.Add(new DecodedSeries(Build(body, labels, samples, strings)));
            }
        }
        return result;
    }

    /// <summary>
    /// Reads one <c>TimeSeries</c>: its samples, and its labels into <paramref name="labels"/> (when null, label fields are
    /// only skipped over, for <see cref="ReadLabels"/> to read if needed). Returns where its label fields lie when they are
    /// one run of bytes (tags included, as every sender writes them: labels first), else an empty range (such a series is
    /// not cached, only decoded).
    /// </summary>
    private static (int Start, int Length) ReadSeries(ReadOnlySpan<byte> body, int start, int end, List<LabelRange>? labels, SampleColumns samples)
    {
        var reader = new ProtoWireReader(body, start, end);
        int labelsStart = -1, labelsEnd = -1;
        var oneRun = true;
        while (!reader.AtEnd)
        {
            var tagStart = reader.Position;
            var (field, wireType) = reader.ReadTag();
            switch (field)
            {
                case 1:
                    reader.Expect(wireType, ProtoWireReader.LengthDelimited, "TimeSeries.labels");
                    var (labelStart, labelEnd) = reader.ReadLengthDelimited();
                    labels?.Add(ReadLabel(body, labelStart, labelEnd));
                    if (labelsStart < 0)
                    {
                        labelsStart = tagStart;
                    }
                    else if (tagStart != labelsEnd)
                    {
                        oneRun = false;
                    }
                    labelsEnd = labelEnd;
                    break;
                case 2:
                    reader.Expect(wireType, ProtoWireReader.LengthDelimited, "TimeSeries.samples");
                    var (sampleStart, sampleEnd) = reader.ReadLengthDelimited();
                    var (timestamp, value) = ReadSample(body, sampleStart, sampleEnd);
                    samples.Add(timestamp, value);
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }
        return oneRun && labelsStart >= 0 ? (labelsStart, labelsEnd - labelsStart) : (0, 0);
    }

    /// <summary>Reads the labels of the <c>TimeSeries</c> at <paramref name="start"/>..<paramref name="end"/>, skipping its other fields.</summary>
    private static void ReadLabels(ReadOnlySpan<byte> body, int start, int end, List<LabelRange> labels)
    {
        var reader = new ProtoWireReader(body, start, end);
        while (!reader.AtEnd)
        {
            var (field, wireType) = reader.ReadTag();
            if (field == 1)
            {
                var (labelStart, labelEnd) = reader.ReadLengthDelimited();
                labels.Add(ReadLabel(body, labelStart, labelEnd));
            }
            else
            {
                reader.Skip(wireType);
            }
        }
    }

    private static LabelRange ReadLabel(ReadOnlySpan<byte> body, int start, int end)
    {
        var reader = new ProtoWireReader(body, start, end);
        (int, int) name = (start, start), value = (start, start);
        while (!reader.AtEnd)
        {
            var (field, wireType) = reader.ReadTag();
            switch (field)
            {
                case 1:
                    reader.Expect(wireType, ProtoWireReader.LengthDelimited, "Label.name");
                    name = reader.ReadLengthDelimited();
                    break;
                case 2:
                    reader.Expect(wireType, ProtoWireReader.LengthDelimited, "Label.value");
                    value = reader.ReadLengthDelimited();
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }
        return new LabelRange(name.Item1, name.Item2 - name.Item1, value.Item1, value.Item2 - value.Item1);
    }

    private static (long, double) ReadSample(ReadOnlySpan<byte> body, int start, int end)
    {
        // Fast path for the encoding every sender uses: value (tag 0x09, fixed64) then timestamp (tag 0x10, varint).
        if (end - start >= 11 && body[start] == 0x09 && body[start + 9] == 0x10)
        {
            var fast = new ProtoWireReader(body, start + 10, end);
            var stamp = fast.ReadVarint();
            if (fast.AtEnd)
            {
                return (unchecked((long)stamp), BinaryPrimitives.ReadDoubleLittleEndian(body.Slice(start + 1, 8)));
            }
        }
        var reader = new ProtoWireReader(body, start, end);
        double value = 0;
        long timestamp = 0;
        while (!reader.AtEnd)
        {
            var (field, wireType) = reader.ReadTag();
            switch (field)
            {
                case 1:
                    reader.Expect(wireType, ProtoWireReader.Fixed64, "Sample.value");
                    value = reader.ReadDouble();
                    break;
                case 2:
                    reader.Expect(wireType, ProtoWireReader.Varint, "Sample.timestamp");
                    timestamp = unchecked((long)reader.ReadVarint());
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }
        return (timestamp, value);
    }

    private static SeriesSamples Build(ReadOnlySpan<byte> body, List<LabelRange> labels, SampleColumns samples, InternPool strings)
    {
        var metric = "";
        var sorted = new Label[labels.Count - 1];
        var next = 0;
        foreach (var label in labels)
        {
            var name = Text(label.Name(body), strings);
            var value = Text(label.Value(body), strings);
            if (string.Equals(name, MetricNameLabel, StringComparison.Ordinal))
            {
                metric = value;
            }
            else
            {
                sorted[next++] = new Label(name, value);
            }
        }
        var seriesId = SeriesIdentity.Compute(metric, sorted);
        return new SeriesSamples(metric, sorted, seriesId, samples.Timestamps(), samples.Values());
    }

    private static string Text(ReadOnlySpan<byte> utf8, InternPool strings)
    {
        if (utf8.Length > 256)
        {
            return Encoding.UTF8.GetString(utf8);
        }
        Span<char> chars = stackalloc char[256];
        var count = Encoding.UTF8.GetChars(utf8, chars);
        return strings.Get(chars[..count]);
    }

    private static string Describe(ReadOnlySpan<byte> body, List<LabelRange> labels)
    {
        var text = new StringBuilder("{");
        for (var i = 0; i < labels.Count && text.Length < DescriptionLength; i++)
        {
            if (i > 0)
            {
                text.Append(", ");
            }
            text.Append(Encoding.UTF8.GetString(labels[i].Name(body))).Append("=\"")
                .Append(Encoding.UTF8.GetString(labels[i].Value(body))).Append('"');
        }
        if (text.Length >= DescriptionLength)
        {
            text.Length = DescriptionLength;
            text.Append($"… ({labels.Count} labels)");
        }
        return text.Append('}').ToString();
    }
}
