using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Analytics.Tests.Support;

namespace Platform.Insights.Analytics.Tests.Store;

/// <summary>
/// What keeps a one-shot import's memory flat in the file's size (BENCHMARKS.md §16c): its store runs under an import-sized
/// DuckDB memory limit, and DuckDB hands back what a checkpoint freed instead of keeping it; a server keeps its own limit
/// and DuckDB's allocator defaults.
/// </summary>
public sealed class ImportStoreSettingsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(null, null, "128MiB")]
    [InlineData(null, "192MB", "192MB")]
    [InlineData("64MiB", "2GB", "64MiB")]
    public void An_import_runs_under_128_MiB_unless_a_limit_is_configured(string? import, string? general, string expected) =>
        Assert.Equal(expected, new StoreOptions { ImportMemoryLimit = import, MemoryLimit = general }.ResolveImportMemoryLimit());

    [Theory]
    [InlineData("import logs", true)]
    [InlineData("import billing", true)]
    [InlineData("serve", false)]
    [InlineData("query", false)]
    public void Only_an_insights_import_process_is_an_import(string mode, bool expected) =>
        Assert.Equal(expected, new StoreRole(mode).IsImport);

    [Fact]
    public void An_import_process_store_runs_under_the_import_limit_and_flushes_freed_memory()
    {
        using var provider = Provider(new StoreRole("import logs"), []);
        var database = provider.GetRequiredService<InsightsDatabase>();

        Assert.Equal("128.0 MiB", Sql.Scalar(database, "SELECT current_setting('memory_limit')"));
        Assert.Equal("32.0 MiB", Sql.Scalar(database, "SELECT current_setting('allocator_bulk_deallocation_flush_threshold')"));
        Assert.Equal(true, Sql.Scalar(database, "SELECT current_setting('allocator_background_threads')"));
    }

    [Fact]
    public void A_demo_process_store_runs_under_256_MiB_unless_a_limit_is_configured()
    {
        using var provider = Provider(new StoreRole("demo"), []);
        Assert.Equal("256.0 MiB", Sql.Scalar(provider.GetRequiredService<InsightsDatabase>(), "SELECT current_setting('memory_limit')"));
        Assert.Equal("2GB", new StoreOptions { MemoryLimit = "2GB" }.ResolveDemoMemoryLimit());
    }

    [Fact]
    public void A_server_store_keeps_the_general_limit_and_duckdbs_allocator_defaults()
    {
        using var provider = Provider(new StoreRole("serve", "http://localhost:0"), new() { ["Insights:MemoryLimit"] = "300MiB" });
        var database = provider.GetRequiredService<InsightsDatabase>();

        Assert.Equal("300.0 MiB", Sql.Scalar(database, "SELECT current_setting('memory_limit')"));
        Assert.Equal(false, Sql.Scalar(database, "SELECT current_setting('allocator_background_threads')"));
    }

    [Fact]
    public void A_malformed_import_memory_limit_fails_at_start_up_naming_the_key()
    {
        using var provider = Provider(new StoreRole("import logs"), new() { ["Insights:ImportMemoryLimit"] = "a lot" });

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<StoreOptions>>().Value);
        Assert.Contains("Insights:ImportMemoryLimit", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Configured_threads_are_the_stores_threads_and_zero_fails_at_start_up_naming_the_key()
    {
        using (var provider = Provider(new StoreRole("serve", "http://localhost:0"), new() { ["Insights:Threads"] = "1" }))
        {
            var database = provider.GetRequiredService<InsightsDatabase>();
            Assert.Equal(1L, Convert.ToInt64(Sql.Scalar(database, "SELECT current_setting('threads')"), System.Globalization.CultureInfo.InvariantCulture));
        }
        using var zero = Provider(new StoreRole("serve", "http://localhost:0"), new() { ["Insights:Threads"] = "0" });
        var failure = Assert.Throws<OptionsValidationException>(() => zero.GetRequiredService<IOptions<StoreOptions>>().Value);
        Assert.Contains("Insights:Threads", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_import_process_store_runs_one_duckdb_thread_unless_threads_are_configured_and_a_server_keeps_duckdbs_default()
    {
        using (var import = Provider(new StoreRole("import billing"), []))
        {
            Assert.Equal(1L, Threads(import.GetRequiredService<InsightsDatabase>()));
        }
        using (var configured = Provider(new StoreRole("import logs"), new() { ["Insights:Threads"] = "3" }))
        {
            Assert.Equal(3L, Threads(configured.GetRequiredService<InsightsDatabase>()));
        }
        using var plain = new DuckDB.NET.Data.DuckDBConnection("DataSource=:memory:");
        plain.Open();
        using var command = plain.CreateCommand();
        command.CommandText = "SELECT current_setting('threads')";
        var duckDbDefault = Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        using var server = Provider(new StoreRole("serve", "http://localhost:0"), []);
        Assert.Equal(duckDbDefault, Threads(server.GetRequiredService<InsightsDatabase>()));
    }

    private static long Threads(InsightsDatabase database) =>
        Convert.ToInt64(Sql.Scalar(database, "SELECT current_setting('threads')"), System.Globalization.CultureInfo.InvariantCulture);

    private ServiceProvider Provider(StoreRole role, Dictionary<string, string?> settings)
    {
        settings["Insights:Data"] = _dir.Path;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection()
            .AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero)))
            .AddSingleton(role)
            .AddAnalytics(configuration)
            .BuildServiceProvider();
    }
}
