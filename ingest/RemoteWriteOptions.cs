using System.ComponentModel.DataAnnotations;

namespace Platform.Insights.Ingest;

/// <summary>
/// Limits of the Prometheus remote write receiver (section <c>Insights:Ingest:RemoteWrite</c>). A body or request
/// over a size limit gets 413; a series over a label limit is rejected alone (400 naming it, the others stored).
/// </summary>
public sealed class RemoteWriteOptions
{
    public const string Section = "Insights:Ingest:RemoteWrite";

    /// <summary>Largest snappy-compressed body accepted.</summary>
    [Range(1024, 1L << 30)]
    public int MaxCompressedBytes { get; set; } = 8 << 20;

    /// <summary>Largest body once decompressed (snappy states it up front, so nothing is inflated to find out).</summary>
    [Range(1024, 1L << 30)]
    public int MaxDecodedBytes { get; set; } = 64 << 20;

    /// <summary>Most series in one request; more gets 413 (Prometheus sends at most a few thousand).</summary>
    [Range(1, 10_000_000)]
    public int MaxSeriesPerRequest { get; set; } = 100_000;

    /// <summary>Most labels (with <c>__name__</c>) on one series; a series with more is rejected.</summary>
    [Range(1, 10_000)]
    public int MaxLabelsPerSeries { get; set; } = 64;

    /// <summary>Longest label name or value in UTF-8 bytes; a series with a longer one is rejected.</summary>
    [Range(16, 1 << 20)]
    public int MaxLabelBytes { get; set; } = 4096;

    /// <summary>How far past this host's clock a sample's timestamp may be; later samples are rejected and counted.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan MaxFutureSkew { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Share of the store writer's queue in use from which requests get 503 with <c>Retry-After</c>.</summary>
    [Range(0.05, 1.0)]
    public double BackPressureQueueFill { get; set; } = 0.8;

    /// <summary>
    /// Most requests decoded and stored at once; one more gets 503 with <c>Retry-After</c> before it is decoded. Kestrel
    /// accepts any number of connections, and each request in flight holds its decoded samples, so this is what bounds
    /// the receiver's memory when senders outrun the store (a Prometheus shard sends one request at a time).
    /// </summary>
    [Range(1, 10_000)]
    public int MaxConcurrentRequests { get; set; } = 8;

    /// <summary>
    /// Series whose strings and id the decoder keeps, looked up by their raw label bytes, so a series sent again costs no
    /// label strings or hashing (<see cref="Parsers.RemoteWrite.SeriesCache"/>); 0 turns it off. About 250 bytes a series;
    /// past the size it is emptied and fills again, so set it above the senders' active series.
    /// </summary>
    [Range(0, 10_000_000)]
    public int SeriesCacheSize { get; set; } = 100_000;

    /// <summary>The <c>Retry-After</c> sent with a 503 when the store is behind.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(2);
}
