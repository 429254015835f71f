using Microsoft.Extensions.DependencyInjection;
using Platform.Insights.Host.Server;
using Platform.Insights.Host.Tests.Support;
using Platform.Insights.Reports.History;

namespace Platform.Insights.Host.Tests;

/// <summary>The one switch between report histories, as the host composes it: cluster mode shares the history through PostgreSQL and the lake's root.</summary>
public sealed class ReportHistoryCompositionTests
{
    [Theory]
    [InlineData("Embedded", typeof(DuckDbReportHistory))]
    [InlineData("Cluster", typeof(PostgresReportHistory))]
    public async Task Cluster_mode_keeps_the_report_history_in_postgresql_and_the_shared_directory_and_embedded_mode_in_the_data_directory(string mode, Type expected)
    {
        using var work = new TempDir("report-history");
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

            var history = app.Services.GetRequiredService<IReportHistory>();
            Assert.IsType(expected, history);
            var root = mode == "Cluster" ? Path.Combine(work.Sub("lake"), "reports") : Path.Combine(work.Sub("data"), "reports");
            Assert.Equal(Path.GetFullPath(root), Path.GetFullPath(history.ReportsRoot));
        }
        finally
        {
            // As in CleanupStoreCompositionTests: building a server points Hangfire's process-wide log provider at a disposed factory.
            Hangfire.Logging.LogProvider.SetCurrentLogProvider(null);
        }
    }
}
