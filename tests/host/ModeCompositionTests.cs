using Microsoft.Extensions.DependencyInjection;
using Platform.Insights.Cleanup.Store;
using Platform.Insights.Host.Server;
using Platform.Insights.Host.Tests.Support;
using Platform.Insights.Reports.History;

namespace Platform.Insights.Host.Tests;

/// <summary>
/// The one switch between embedded and cluster state, as the host composes it: cluster mode shares cleanup's state and
/// the report history through PostgreSQL (report files under the lake's root); embedded mode keeps both in the data directory.
/// </summary>
public sealed class ModeCompositionTests
{
    [Theory]
    [InlineData("Embedded", typeof(DuckDbCleanupStore), typeof(DuckDbReportHistory))]
    [InlineData("Cluster", typeof(PostgresCleanupStore), typeof(PostgresReportHistory))]
    public async Task Cluster_mode_keeps_cleanup_state_and_report_history_in_postgresql_and_the_shared_directory_and_embedded_mode_in_the_data_directory(
        string mode, Type cleanupStore, Type reportHistory)
    {
        using var work = new TempDir("mode-composition");
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

            Assert.IsType(cleanupStore, app.Services.GetRequiredService<ICleanupStore>());
            var history = app.Services.GetRequiredService<IReportHistory>();
            Assert.IsType(reportHistory, history);
            var root = mode == "Cluster" ? Path.Combine(work.Sub("lake"), "reports") : Path.Combine(work.Sub("data"), "reports");
            Assert.Equal(Path.GetFullPath(root), Path.GetFullPath(history.ReportsRoot));
        }
        finally
        {
            // As in SecurityRouteTests: building a server points Hangfire's process-wide log provider at a disposed factory.
            Hangfire.Logging.LogProvider.SetCurrentLogProvider(null);
        }
    }
}
