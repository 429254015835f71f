using Platform.Insights.Analytics.Catalog;
using Platform.Insights.Analytics.Tests.Support;
using Platform.Insights.Ingest.Catalog;
using Platform.Insights.Ingest.Grains;
using static Platform.Insights.Analytics.Tests.Support.Samples;

namespace Platform.Insights.Analytics.Tests.Grains;

[Collection(SharedClusterCollection.Name)]
public sealed class TeamGrainTests(ClusterFixture fixture)
{
    private InsightsCluster Cluster => fixture.Cluster;

    private static CatalogComponent Component(string name, string team, string file) =>
        new() { Name = name, OwnerRef = $"group:default/{team}", Team = team, Type = "service", SourceFile = file, Line = 1 };

    [Fact]
    public async Task A_team_lists_the_services_the_catalog_gives_it_with_their_state()
    {
        var team = Names.Unique("payments");
        var file = $"/catalog/{team}.yaml";
        var down = Names.Unique("b-ledger");
        var up = Names.Unique("a-checkout");
        var other = Names.Unique("search");
        var saved = await Cluster.Get<CatalogStore>().SaveAsync(
            [file],
            [new CatalogGroup { Name = team, Type = "team", SourceFile = file, Line = 1 }],
            [],
            [Component(down, team, file), Component(up, team, file), Component(other, Names.Unique("search-team"), file)],
            CancellationToken.None);
        Assert.True(saved.Saved);
        await Cluster.Client.GetGrain<IServiceGrain>(down).IngestMetricsAsync([Metric(down, "probe_success", Ms(1), 0)]);
        await Cluster.Client.GetGrain<IServiceGrain>(up).IngestMetricsAsync([Metric(up, "probe_success", Ms(1), 1)]);
        await Cluster.Client.GetGrain<IServiceGrain>(up).IngestLogsAsync([Log($"{up}-inc", up, Epoch, action: "incident")]);

        var status = await Cluster.Client.GetGrain<ITeamGrain>(team).GetStatusAsync();

        Assert.Equal(team, status.Team);
        Assert.Equal([up, down], status.Services.Select(s => s.Service));
        Assert.Equal([true, false], status.Services.Select(s => s.Up));
        Assert.Equal(1, status.ServicesDown);
        Assert.Equal(1, status.OpenIncidents);
    }

    [Fact]
    public async Task A_team_without_services_in_the_catalog_has_an_empty_status()
    {
        var status = await Cluster.Client.GetGrain<ITeamGrain>(Names.Unique("nobody")).GetStatusAsync();

        Assert.Empty(status.Services);
        Assert.Equal(0, status.ServicesDown);
    }

    [Fact]
    public async Task The_answer_is_cached_briefly()
    {
        var team = Names.Unique("cached");
        var file = $"/catalog/{team}.yaml";
        var catalog = Cluster.Get<CatalogStore>();
        await catalog.SaveAsync([file], [], [], [Component(Names.Unique("one"), team, file)], CancellationToken.None);
        var grain = Cluster.Client.GetGrain<ITeamGrain>(team);
        var first = await grain.GetStatusAsync();

        await catalog.SaveAsync([file], [], [], [Component(Names.Unique("one"), team, file), Component(Names.Unique("two"), team, file)], CancellationToken.None);
        var second = await grain.GetStatusAsync();

        Assert.Single(second.Services);
        Assert.Equal(first.AsOf, second.AsOf);
    }
}
