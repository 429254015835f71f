namespace Platform.Insights.Analytics.Lake;

/// <summary>
/// Where the store writer's metric rows put one series' samples: the embedded store's DuckDB chunk appender, or (cluster
/// mode) <see cref="SampleBatches"/>, the Arrow columns of the lake's files.
/// </summary>
public interface ISampleSink : IDisposable
{
    void Append(string service, string metric, ulong seriesId, ReadOnlySpan<long> timestampsMs, ReadOnlySpan<double> values);

    /// <summary>Hands every buffered row on.</summary>
    void Close();
}
