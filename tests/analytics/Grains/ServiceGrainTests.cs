using Platform.Insights.Analytics.Tests.Support;
using Platform.Insights.Ingest.Grains;
using static Platform.Insights.Analytics.Tests.Support.Samples;

namespace Platform.Insights.Analytics.Tests.Grains;

[Collection(SharedClusterCollection.Name)]
public sealed class ServiceGrainTests(ClusterFixture fixture)
{
    private InsightsCluster Cluster => fixture.Cluster;

    private static string NewService(string prefix) => Names.Unique(prefix);

    [Fact]
    public async Task Samples_at_or_before_a_series_last_timestamp_are_dropped_and_the_rest_stored()
    {
        var service = NewService("metrics");
        var grain = Cluster.Client.GetGrain<IServiceGrain>(service);

        var first = await grain.IngestMetricsAsync(
        [
            Metric(service, "up", Ms(1), instance: "a"),
            Metric(service, "up", Ms(2), instance: "a"),
            Metric(service, "up", Ms(2), instance: "a"), // same timestamp: a duplicate
            Metric(service, "up", Ms(1), instance: "a"), // older: dropped (Prometheus's out-of-order rule)
            Metric(service, "up", Ms(1), instance: "b"), // another series has its own watermark
        ]);
        var second = await grain.IngestMetricsAsync(
        [
            Metric(service, "up", Ms(2), instance: "a"),
            Metric(service, "up", Ms(3), instance: "a"),
            Metric(service, "up", Ms(1), instance: "b"),
        ]);

        Assert.Equal(new IngestResult(5, 3, 2), first);
        Assert.Equal(new IngestResult(3, 1, 2), second);
        Assert.Equal(4L, Sql.SamplesOf(Cluster.Database, service));
        Assert.Equal(2L, Sql.Count(Cluster.Database, "SELECT count(*) FROM metric_series WHERE service = $s", ("s", service)));
        var status = await grain.GetStatusAsync();
        Assert.Equal(4, status.SamplesStored);
        Assert.Equal(4, status.DuplicatesDropped);
        Assert.Equal(2, status.SeriesCount);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(Ms(3)), status.LastSampleAt);
    }

    [Fact]
    public async Task Probe_samples_set_up_or_down_by_their_latest_timestamp()
    {
        var service = NewService("probe");
        var grain = Cluster.Client.GetGrain<IServiceGrain>(service);
        Assert.Null((await grain.GetStatusAsync()).Up);

        await grain.IngestMetricsAsync([Metric(service, "probe_success", Ms(1), 1), Metric(service, "probe_success", Ms(2), 0)]);
        var down = await grain.GetStatusAsync();
        await grain.IngestMetricsAsync([Metric(service, "probe_success", Ms(3), 1, instance: "other-probe"), Metric(service, "http_requests_total", Ms(9), 0)]);
        var up = await grain.GetStatusAsync();

        Assert.False(down.Up);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(Ms(2)), down.LastProbeAt);
        Assert.True(up.Up);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(Ms(3)), up.LastProbeAt);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(Ms(9)), up.LastSampleAt);
    }

    [Fact]
    public async Task Deployments_and_incidents_are_tracked_from_ecs_events()
    {
        var service = NewService("events");
        var grain = Cluster.Client.GetGrain<IServiceGrain>(service);

        var result = await grain.IngestLogsAsync(
        [
            Log($"{service}-d1", service, Epoch.AddMinutes(1), action: "deployment", version: "1.0.0", environment: "prod", outcome: "success"),
            Log($"{service}-d2", service, Epoch.AddMinutes(5), action: "deployment", version: "1.1.0", environment: "prod", outcome: "failure"),
            Log($"{service}-d0", service, Epoch, action: "deployment", version: "0.9.0", environment: "prod", outcome: "success"),
            Log($"{service}-i1", service, Epoch.AddMinutes(6), action: "incident", labelsJson: """{"incident_id":"INC-1"}""", start: Epoch.AddMinutes(4)),
            Log($"{service}-x", service, Epoch.AddMinutes(7)),
        ]);

        Assert.Equal(new IngestResult(5, 5, 0), result);
        var open = await grain.GetStatusAsync();
        Assert.Equal(new DeploymentSummary(Epoch.AddMinutes(5), "prod", "1.1.0", "failure"), open.LastDeployment);
        Assert.Equal(new OpenIncident("INC-1", Epoch.AddMinutes(4)), open.OpenIncident);
        Assert.Equal(5, open.EventsStored);
        Assert.Equal(Epoch.AddMinutes(7), open.LastEventAt);

        await grain.IngestLogsAsync([Log($"{service}-i1-end", service, Epoch.AddMinutes(9), action: "incident", labelsJson: """{"incident_id":"INC-1"}""", start: Epoch.AddMinutes(4), end: Epoch.AddMinutes(9))]);
        Assert.Null((await grain.GetStatusAsync()).OpenIncident);
        Assert.Equal(6L, Sql.EventsOf(Cluster.Database, service));
    }

    [Fact]
    public async Task Repeated_event_ids_are_counted_as_duplicates_and_stored_once()
    {
        var service = NewService("dupes");
        var grain = Cluster.Client.GetGrain<IServiceGrain>(service);

        var first = await grain.IngestLogsAsync([Log($"{service}-1", service, Epoch), Log($"{service}-1", service, Epoch), Log($"{service}-2", service, Epoch)]);
        var second = await grain.IngestLogsAsync([Log($"{service}-2", service, Epoch), Log($"{service}-3", service, Epoch)]);

        Assert.Equal(new IngestResult(3, 2, 1), first);
        Assert.Equal(new IngestResult(2, 1, 1), second);
        Assert.Equal(3L, Sql.EventsOf(Cluster.Database, service));
        var status = await grain.GetStatusAsync();
        Assert.Equal(3, status.EventsStored);
        Assert.Equal(2, status.DuplicatesDropped);
    }

    [Fact]
    public async Task Event_ids_stored_by_another_service_grain_are_not_stored_again()
    {
        // The store is the final word on duplicates, whatever grain's memory says.
        var a = NewService("a");
        var b = NewService("b");
        await Cluster.Client.GetGrain<IServiceGrain>(a).IngestLogsAsync([Log($"{a}-shared", a, Epoch)]);

        var result = await Cluster.Client.GetGrain<IServiceGrain>(b).IngestLogsAsync([Log($"{a}-shared", b, Epoch), Log($"{b}-own", b, Epoch)]);

        Assert.Equal(new IngestResult(2, 1, 1), result);
        Assert.Equal(1L, Sql.EventsOf(Cluster.Database, b));
    }

    [Fact]
    public async Task A_replayed_event_the_grain_no_longer_remembers_is_still_dropped_by_the_store()
    {
        // The grain remembers only its last ServiceGrain.RecentEventIdCapacity (2,048) ids; 2,049 newer events push the first out.
        var service = NewService("forgotten");
        var grain = Cluster.Client.GetGrain<IServiceGrain>(service);
        await grain.IngestLogsAsync([Log($"{service}-first", service, Epoch)]);
        await grain.IngestLogsAsync([.. Enumerable.Range(0, 2_049).Select(i => Log($"{service}-{i}", service, Epoch.AddMilliseconds(i + 1)))]);

        var replay = await grain.IngestLogsAsync([Log($"{service}-first", service, Epoch)]);

        Assert.Equal(new IngestResult(1, 0, 1), replay);
        Assert.Equal(2_050L, Sql.EventsOf(Cluster.Database, service));
    }
}
