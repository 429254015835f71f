using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;

namespace Platform.Insights.Dashboards.Kpis;

/// <summary>
/// The last KPI snapshot in the data directory (<c>kpi-snapshot.json</c>), written after each successful refresh
/// (to a temporary file, then renamed, so a crash mid-write leaves the previous snapshot) and read once at start.
/// A snapshot that cannot be read is ignored with a warning: the gauges then wait for the first computation, as
/// they would without one. Samples of a metric the catalog no longer has, or with other label names (an upgrade
/// renamed them), are left out rather than exported under a contract the dashboards do not query.
/// </summary>
public sealed partial class KpiSnapshotFile(string path, ILogger<KpiSnapshotFile> logger)
{
    public const string FileName = "kpi-snapshot.json";

    private const int FormatVersion = 1;

    private static readonly JsonSerializerOptions Json = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    public string Path { get; } = path;

    public async Task SaveAsync(KpiSnapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var stored = new StoredSnapshot(FormatVersion, snapshot.ComputedAt, snapshot.RefreshDuration.TotalSeconds,
            snapshot.Samples.GroupBy(s => s.Metric).Select(g => new StoredFamily(
                g.Key.Name, [.. g.Key.LabelNames], g.Select(s => new StoredSeries([.. s.LabelValues], s.Value)).ToList())).ToList());
        var temporary = Path + ".tmp";
        await using (var stream = File.Create(temporary))
        {
            await JsonSerializer.SerializeAsync(stream, stored, Json, cancellationToken);
        }
        File.Move(temporary, Path, overwrite: true);
    }

    /// <summary>The stored snapshot, or null when there is none or it cannot be read (logged).</summary>
    public async Task<KpiSnapshot?> LoadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Path))
        {
            return null;
        }
        StoredSnapshot? stored;
        try
        {
            await using var stream = File.OpenRead(Path);
            stored = await JsonSerializer.DeserializeAsync<StoredSnapshot>(stream, Json, cancellationToken);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            LogUnreadable(logger, Path, e);
            return null;
        }
        if (stored is null || stored.Version != FormatVersion || stored.Families is null)
        {
            LogUnreadable(logger, Path, null);
            return null;
        }
        var catalog = KpiMetricCatalog.All.ToDictionary(m => m.Name, StringComparer.Ordinal);
        var samples = new List<KpiSample>();
        var skipped = 0;
        foreach (var family in stored.Families)
        {
            if (family.Name is null || !catalog.TryGetValue(family.Name, out var metric) || family.Labels is null
                || !family.Labels.SequenceEqual(metric.LabelNames, StringComparer.Ordinal))
            {
                skipped += family.Series?.Count ?? 0;
                continue;
            }
            foreach (var series in family.Series ?? [])
            {
                if (series.Labels is null || series.Labels.Count != metric.LabelNames.Count || series.Labels.Any(l => l is null))
                {
                    skipped++;
                    continue;
                }
                samples.Add(new KpiSample(metric, series.Labels, series.Value));
            }
        }
        if (skipped > 0)
        {
            LogSkipped(logger, skipped, Path);
        }
        return new KpiSnapshot(stored.ComputedAt, TimeSpan.FromSeconds(Math.Max(0, stored.RefreshSeconds)), samples);
    }

    private sealed record StoredSnapshot(int Version, DateTimeOffset ComputedAt, double RefreshSeconds, List<StoredFamily>? Families);

    private sealed record StoredFamily(string? Name, List<string>? Labels, List<StoredSeries>? Series);

    private sealed record StoredSeries(List<string>? Labels, double Value);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The KPI snapshot {Path} cannot be read and is ignored; the KPI gauges appear when the first computation ends")]
    private static partial void LogUnreadable(ILogger logger, string path, Exception? exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Skipped} series of the KPI snapshot {Path} belong to metrics or labels this version no longer exports and were left out")]
    private static partial void LogSkipped(ILogger logger, int skipped, string path);
}
