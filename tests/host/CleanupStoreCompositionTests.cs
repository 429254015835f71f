using Microsoft.Extensions.DependencyInjection;
using Platform.Insights.Cleanup.Store;
using Platform.Insights.Host.Server;
using Platform.Insights.Host.Tests.Support;

namespace Platform.Insights.Host.Tests;

/// <summary>The one switch between cleanup stores, as the host composes it: cluster mode shares cleanup's state through PostgreSQL.</summary>
public sealed class CleanupStoreCompositionTests
{
    [Theory]
    [InlineData("Embedded", typeof(DuckDbCleanupStore))]
    [InlineData("Cluster", typeof(PostgresCleanupStore))]
    public async Task Cluster_mode_keeps_cleanup_state_in_postgresql_and_embedded_mode_in_the_data_directory(string mode, Type expected)
    {
        using var work = new TempDir("cleanup-store");
        try
        {
            // Composed only, never started: no PostgreSQL is contacted.
            await using var app = InsightsServer.Build("http://127.0.0.1:0", new Dictionary<string, string?>
            {
                ["Insights:Data"] = work.Sub("data"),
                ["Insights:Mode"] = mode,
                ["Insights:Cluster:ConnectionString"] = "Host=127.0.0.1;Port=1;Database=insights;Username=insights",
                ["Insights:Lake:Root"] = work.Sub("lake"),
            });

            Assert.IsType(expected, app.Services.GetRequiredService<ICleanupStore>());
        }
        finally
        {
            // As in SecurityRouteTests: building a server points Hangfire's process-wide log provider at a disposed factory.
            Hangfire.Logging.LogProvider.SetCurrentLogProvider(null);
        }
    }
}
