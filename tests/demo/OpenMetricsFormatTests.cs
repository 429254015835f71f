namespace Platform.Insights.Demo.Tests;

[Collection(GeneratedOrganisationCollection.Name)]
public sealed class OpenMetricsFormatTests(GeneratedOrganisation org)
{
    [Fact]
    public void Every_metrics_file_keeps_each_series_contiguous_and_in_time_order_as_backfill_requires()
    {
        foreach (var file in org.FilesOf(DemoFileKind.Metrics))
        {
            var lines = File.ReadAllLines(org.File(file.Path));
            var family = Path.GetFileNameWithoutExtension(file.Path);
            Assert.Equal("# EOF", lines[^1]);
            Assert.Matches($"^# TYPE {family} (gauge|counter)$", lines[0]);
            Assert.StartsWith($"# HELP {family} ", lines[1], StringComparison.Ordinal);
            var sampleName = lines[0].EndsWith("counter", StringComparison.Ordinal) ? family + "_total" : family;

            // The ordering rules of `promtool tsdb create-blocks-from openmetrics` (checked by hand with promtool 2.42):
            // each series' samples contiguous and in time order; one family per file.
            var finished = new HashSet<string>(StringComparer.Ordinal);
            string? current = null;
            long last = long.MinValue;
            for (var i = 2; i < lines.Length - 1; i++)
            {
                var match = FormatReaders.SampleLine().Match(lines[i]);
                Assert.True(match.Success, $"{file.Path}:{i + 1} is not a sample line: {lines[i]}");
                Assert.Equal(sampleName, match.Groups[1].Value);
                var series = match.Groups[2].Value;
                var timestamp = long.Parse(match.Groups[4].Value, System.Globalization.CultureInfo.InvariantCulture);
                if (series != current)
                {
                    Assert.True(current is null || finished.Add(current), $"series {current} resumed");
                    Assert.DoesNotContain(series, finished);
                    current = series;
                    last = long.MinValue;
                }
                Assert.True(timestamp > last, $"{file.Path}:{i + 1} goes back in time");
                last = timestamp;
            }
        }
    }

    [Fact]
    public void Service_signals_cover_every_minute_and_every_five_minutes_of_the_window()
    {
        var services = org.Manifest.Services.Count;
        var minutes = org.Manifest.Days * 1440;
        var probe = org.Manifest.Files.Single(f => f.Path == "metrics/probe_success.om");
        var requests = org.Manifest.Files.Single(f => f.Path == "metrics/http_requests.om");

        Assert.Equal(services * minutes, probe.Samples);
        Assert.Equal(services, probe.Series);
        Assert.Equal(2 * services * minutes / 5, requests.Samples);
        var start = new DateTimeOffset(org.Manifest.StartDate.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeSeconds();
        var first = org.Samples("probe_success")[0];
        Assert.Equal(start, first.Timestamp);
    }

    [Fact]
    public void Request_counters_only_decrease_at_the_manifests_restarts()
    {
        var resets = org.Manifest.CounterResets.Select(r => (r.Service, r.At.ToUnixTimeSeconds())).ToHashSet();
        Assert.NotEmpty(resets);
        var seen = new HashSet<(string, long)>();
        FormatReaders.Sample? previous = null;
        foreach (var sample in org.Samples("http_requests"))
        {
            if (previous is { } p && p.Series == sample.Series && sample.Value < p.Value)
            {
                var key = (sample.Label("service")!, sample.Timestamp);
                Assert.Contains(key, resets);
                seen.Add(key);
            }
            previous = sample;
        }
        Assert.Equal(resets, seen);
    }

    [Fact]
    public void Resource_gauges_carry_the_labels_that_join_them_to_cost()
    {
        var resources = org.Manifest.Resources.ToDictionary(r => r.Id);
        var cpuSeries = 0;
        foreach (var sample in org.Samples("resource_cpu_utilization_ratio").DistinctBy(s => s.Series))
        {
            var resource = resources[sample.Label("resource_id")!];
            Assert.Equal(resource.Type, sample.Label("resource_type"));
            Assert.Equal(resource.Service, sample.Label("service"));
            Assert.Equal(resource.Team, sample.Label("team"));
            Assert.Equal(resource.Environment, sample.Label("env"));
            Assert.NotEqual("volume", resource.Type);
            cpuSeries++;
        }
        Assert.Equal(resources.Values.Count(r => r.Type != "volume"), cpuSeries);
        Assert.All(org.Samples("resource_memory_utilization_ratio"), s => Assert.InRange(s.Value, 0, 1));
    }
}
