using Microsoft.Extensions.DependencyInjection;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Analytics.Tests.Support;
using Platform.Insights.Ingest.Grains;
using Platform.Insights.Ingest.Records;
using Platform.Insights.Ingest.Sources;
using static Platform.Insights.Analytics.Tests.Support.Samples;

namespace Platform.Insights.Analytics.Tests.Grains;

/// <summary>
/// One silo ingests, is stopped gracefully, and a new silo starts on the same data directory: what the
/// grains knew must come back from the DuckDB grain storage, and replays must store nothing.
/// </summary>
public sealed class RestartFixture : IAsyncLifetime
{
    public const string Service = "checkout";

    /// <summary>A service whose incident opened and closed before the restart.</summary>
    public const string Recovered = "payments-api";

    private readonly TempDirectory _data = new();

    public TempDirectory Files { get; } = new();

    public InsightsCluster Restarted { get; private set; } = null!;

    public ServiceStatus Before { get; private set; } = null!;

    public MetricSample[] Metrics { get; } =
    [
        Metric(Service, "probe_success", Ms(1), 0),
        Metric(Service, "probe_success", Ms(2), 1),
        Metric(Service, "http_requests_total", Ms(2), 42, instance: "web-1"),
    ];

    public LogEvent[] Logs { get; } =
    [
        Log("deploy-1", Service, Epoch.AddMinutes(1), action: "deployment", version: "2.0.0", environment: "prod", outcome: "success"),
        Log("inc-open", Service, Epoch.AddMinutes(3), action: "incident", labelsJson: """{"incident_id":"INC-42"}""", start: Epoch.AddMinutes(2)),
        Log("plain-1", Service, Epoch.AddMinutes(4)),
    ];

    public LogEvent[] RecoveredLogs { get; } =
    [
        Log("pay-inc-open", Recovered, Epoch.AddMinutes(3), action: "incident", labelsJson: """{"incident_id":"INC-7"}""", start: Epoch.AddMinutes(3)),
        Log("pay-inc-closed", Recovered, Epoch.AddMinutes(8), action: "incident", labelsJson: """{"incident_id":"INC-7"}""", start: Epoch.AddMinutes(3), end: Epoch.AddMinutes(8)),
    ];

    public string BillingFile => Files.File("focus.csv");

    public ImportSummary FirstImport { get; private set; } = null!;

    public long StoredSamples { get; private set; }

    public long StoredEvents { get; private set; }

    public long StoredBilling { get; private set; }

    public long GrainStateRows { get; private set; }

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(BillingFile, FocusCsv.Header + "\n" + FocusCsv.Row(1.25m) + "\n" + FocusCsv.Row(0.00000080000m) + "\n");
        await using (var first = await InsightsCluster.StartAsync(_data.Path))
        {
            var grain = first.Client.GetGrain<IServiceGrain>(Service);
            await grain.IngestMetricsAsync(Metrics);
            await grain.IngestLogsAsync(Logs);
            await first.Client.GetGrain<IServiceGrain>(Recovered).IngestLogsAsync(RecoveredLogs);
            Before = await grain.GetStatusAsync();
            FirstImport = await first.Get<FocusCsvFileSource>().ImportAsync(BillingFile, new FileImportOptions(), CancellationToken.None);
            // No FlushAsync: a graceful stop deactivates the grain, which saves its state.
        }

        // The directory was released by the stopped silo: the store can be opened here and read.
        using (var database = InsightsDatabase.Open(_data.Path, new StoreRole("test"), TimeProvider.System))
        {
            StoredSamples = Sql.SamplesOf(database, Service);
            StoredEvents = Sql.EventsOf(database, Service);
            StoredBilling = Sql.Count(database, "SELECT count(*) FROM focus_line_items");
            GrainStateRows = Sql.Count(database, "SELECT count(*) FROM grain_state");
        }

        Restarted = await InsightsCluster.StartAsync(_data.Path);
    }

    public async Task DisposeAsync()
    {
        await Restarted.DisposeAsync();
        _data.Dispose();
        Files.Dispose();
    }
}

public sealed class RestartTests(RestartFixture fixture) : IClassFixture<RestartFixture>
{
    private InsightsCluster Cluster => fixture.Restarted;

    private IServiceGrain Grain => Cluster.Client.GetGrain<IServiceGrain>(RestartFixture.Service);

    [Fact]
    public void The_first_silo_stored_everything_and_saved_grain_state()
    {
        Assert.Equal(3L, fixture.StoredSamples);
        Assert.Equal(3L, fixture.StoredEvents);
        Assert.Equal(2L, fixture.StoredBilling);
        Assert.Equal(ImportOutcome.Imported, fixture.FirstImport.Outcome);
        // service/checkout, service/payments-api and import/<hash>
        Assert.Equal(3L, fixture.GrainStateRows);
    }

    [Fact]
    public async Task Service_state_survives_a_silo_restart()
    {
        var after = await Grain.GetStatusAsync();

        Assert.True(fixture.Before.Up);
        Assert.NotNull(fixture.Before.OpenIncident);
        Assert.Equal(fixture.Before.Up, after.Up);
        Assert.Equal(fixture.Before.LastProbeAt, after.LastProbeAt);
        Assert.Equal(fixture.Before.LastSampleAt, after.LastSampleAt);
        Assert.Equal(new OpenIncident("INC-42", Epoch.AddMinutes(2)), after.OpenIncident);
        Assert.Equal(new DeploymentSummary(Epoch.AddMinutes(1), "prod", "2.0.0", "success"), after.LastDeployment);
        Assert.Equal(fixture.Before.LastEventAt, after.LastEventAt);
        Assert.Equal(2, after.SeriesCount);
        Assert.True(after.SamplesStored >= 3);
        Assert.True(after.EventsStored >= 3);
    }

    [Fact]
    public async Task Replaying_the_same_batches_after_a_restart_stores_nothing()
    {
        var metrics = await Grain.IngestMetricsAsync(fixture.Metrics);
        var logs = await Grain.IngestLogsAsync(fixture.Logs);

        Assert.Equal(new IngestResult(3, 0, 3), metrics);
        Assert.Equal(new IngestResult(3, 0, 3), logs);
        Assert.Equal(fixture.StoredSamples, Sql.SamplesOf(Cluster.Database, RestartFixture.Service));
        Assert.Equal(fixture.StoredEvents, Sql.EventsOf(Cluster.Database, RestartFixture.Service));
        var status = await Grain.GetStatusAsync();
        Assert.Equal(new OpenIncident("INC-42", Epoch.AddMinutes(2)), status.OpenIncident);
        Assert.Equal(3, status.SamplesStored);
        Assert.Equal(3, status.EventsStored);
    }

    [Fact]
    public async Task A_file_imported_before_the_restart_is_already_imported_after_it()
    {
        var again = await Cluster.Get<FocusCsvFileSource>().ImportAsync(fixture.BillingFile, new FileImportOptions(), CancellationToken.None);

        Assert.Equal(ImportOutcome.AlreadyImported, again.Outcome);
        Assert.Equal(fixture.FirstImport.ImportId, again.ImportId);
        Assert.Equal(0, again.Stored);
        Assert.Contains("2 stored then", again.Message, StringComparison.Ordinal);
        Assert.Equal(fixture.StoredBilling, Sql.Count(Cluster.Database, "SELECT count(*) FROM focus_line_items"));
        var record = await Cluster.Client.GetGrain<IImportGrain>(again.ImportId).GetAsync();
        Assert.Equal(ImportStatus.Done, record?.Status);
    }

    [Fact]
    public async Task Replaying_the_start_of_a_closed_incident_does_not_reopen_it()
    {
        var grain = Cluster.Client.GetGrain<IServiceGrain>(RestartFixture.Recovered);
        Assert.Null((await grain.GetStatusAsync()).OpenIncident);

        var replay = await grain.IngestLogsAsync([fixture.RecoveredLogs[0]]);

        Assert.Equal(new IngestResult(1, 0, 1), replay);
        Assert.Null((await grain.GetStatusAsync()).OpenIncident);
        Assert.Equal(2L, Sql.EventsOf(Cluster.Database, RestartFixture.Recovered));
    }
}
