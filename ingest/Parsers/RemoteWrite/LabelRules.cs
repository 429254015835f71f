using System.Text.Unicode;

namespace Platform.Insights.Ingest.Parsers.RemoteWrite;

/// <summary>
/// The remote write 1.0 spec's label rules and this receiver's label limits over a series' labels as byte ranges: the
/// first rule a series breaks is its rejection reason (<see cref="SeriesRejectReasons"/>), null when it is valid.
/// </summary>
internal static class LabelRules
{
    public static string? Validate(ReadOnlySpan<byte> body, List<LabelRange> labels, WriteRequestLimits limits)
    {
        if (labels.Count > limits.MaxLabelsPerSeries)
        {
            return SeriesRejectReasons.TooManyLabels;
        }
        var hasName = false;
        for (var i = 0; i < labels.Count; i++)
        {
            var name = labels[i].Name(body);
            var value = labels[i].Value(body);
            if (name.IsEmpty || value.IsEmpty)
            {
                return SeriesRejectReasons.EmptyLabel;
            }
            if (name.Length > limits.MaxLabelBytes || value.Length > limits.MaxLabelBytes)
            {
                return SeriesRejectReasons.LabelTooLong;
            }
            if (!Utf8.IsValid(value))
            {
                return SeriesRejectReasons.InvalidUtf8;
            }
            if (!LabelNames.IsValidLabelName(name))
            {
                return SeriesRejectReasons.InvalidLabelName;
            }
            if (i > 0)
            {
                var order = labels[i - 1].Name(body).SequenceCompareTo(name);
                if (order == 0)
                {
                    return SeriesRejectReasons.DuplicateLabelName;
                }
                if (order > 0)
                {
                    return SeriesRejectReasons.UnsortedLabels;
                }
            }
            if (name.SequenceEqual("__name__"u8))
            {
                hasName = true;
                if (!LabelNames.IsValidMetricName(value))
                {
                    return SeriesRejectReasons.InvalidMetricName;
                }
            }
        }
        return hasName ? null : SeriesRejectReasons.MissingMetricName;
    }

    /// <summary>The longest label name or value in UTF-8 bytes (what <c>MaxLabelBytes</c> limits).</summary>
    public static int Longest(List<LabelRange> labels)
    {
        var longest = 0;
        foreach (var label in labels)
        {
            longest = Math.Max(longest, Math.Max(label.NameLength, label.ValueLength));
        }
        return longest;
    }
}
