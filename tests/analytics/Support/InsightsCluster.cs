using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Ingest;

namespace Platform.Insights.Analytics.Tests.Support;

/// <summary>
/// One in-process silo wired as the host wires it (AddIngest + AddAnalytics) on a data directory,
/// plus its client. The silo owns the DuckDB file; tests read it through the silo's
/// <see cref="InsightsDatabase"/>, or stop the cluster first and open the directory themselves.
/// </summary>
public sealed class InsightsCluster : IAsyncDisposable
{
    private readonly InProcessTestCluster _cluster;
    private bool _stopped;

    private InsightsCluster(InProcessTestCluster cluster, string dataDirectory)
    {
        _cluster = cluster;
        DataDirectory = dataDirectory;
    }

    public string DataDirectory { get; }

    public IClusterClient Client => _cluster.Client;

    public IServiceProvider Services => _cluster.Silos[0].ServiceProvider;

    public InsightsDatabase Database => Get<InsightsDatabase>();

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <param name="configure">Extra services for the silo (e.g. a simulated disk fault), registered before the pipeline's.</param>
    public static async Task<InsightsCluster> StartAsync(string dataDirectory, Action<IServiceCollection>? configure = null)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Insights:Data"] = dataDirectory,
                // Small enough that a test's batch is one transaction but valid for the options' range.
                ["Insights:WriteBatchRows"] = "1000",
            });
            host.Services.AddSingleton(new StoreRole("test"));
            configure?.Invoke(host.Services);
            host.Services.AddIngest(host.Configuration);
            host.Services.AddAnalytics(host.Configuration);
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new InsightsCluster(cluster, dataDirectory);
    }

    /// <summary>Stops the silo gracefully (grains deactivate and save state) and releases the data directory.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }
        _stopped = true;
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
    }

    public ValueTask DisposeAsync() => new(StopAsync());
}

/// <summary>The test classes that share one silo (each test uses its own service names and file contents).</summary>
[CollectionDefinition(Name)]
public sealed class SharedClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "shared cluster";
}

/// <summary>A cluster on its own temp data directory, shared by the tests of a collection.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private readonly TempDirectory _data = new();

    public InsightsCluster Cluster { get; private set; } = null!;

    public TempDirectory Files { get; } = new();

    public async Task InitializeAsync() => Cluster = await InsightsCluster.StartAsync(_data.Path);

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        _data.Dispose();
        Files.Dispose();
    }
}
