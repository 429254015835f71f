namespace Platform.Insights.Ingest.Parsers.RemoteWrite;

/// <summary>
/// Why a decoded series or sample was not stored: the <c>reason</c> label of the remote write drop counter.
/// The label rules are the remote write 1.0 spec's ("Labels"); the limits are this receiver's.
/// </summary>
public static class SeriesRejectReasons
{
    public const string MissingMetricName = "missing_metric_name";
    public const string UnsortedLabels = "unsorted_labels";
    public const string DuplicateLabelName = "duplicate_label_name";
    public const string EmptyLabel = "empty_label";
    public const string InvalidLabelName = "invalid_label_name";
    public const string InvalidMetricName = "invalid_metric_name";
    public const string InvalidUtf8 = "invalid_utf8";
    public const string TooManyLabels = "too_many_labels";
    public const string LabelTooLong = "label_too_long";

    /// <summary>A sample stamped more than <c>MaxFutureSkew</c> after this host's clock.</summary>
    public const string TooFarInFuture = "too_far_in_future";

    /// <summary>A Prometheus stale marker (NaN 0x7ff0000000000002): a signal that a series ended, not a value.</summary>
    public const string StaleMarker = "stale_marker";

    /// <summary>At or before its series' last stored timestamp (the service grain's watermark): a replay or out of order.</summary>
    public const string Duplicate = "duplicate";
}
