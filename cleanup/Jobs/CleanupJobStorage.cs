using Hangfire;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.Options;
using Platform.Insights.Analytics.Store;

namespace Platform.Insights.Cleanup.Jobs;

/// <summary>
/// Hangfire's job storage, made on first use: SQLite in <c>hangfire.db</c> under the data directory (one machine),
/// PostgreSQL for a cluster, memory for tests and benchmarks.
/// </summary>
public sealed class CleanupJobStorage(IOptions<CleanupOptions> options, InsightsDatabase database) : IDisposable
{
    public const string FileName = "hangfire.db";
    private readonly Lazy<JobStorage> _storage = new(() => Create(options.Value.Jobs, database.Directory));

    public JobStorage Storage => _storage.Value;

    public static JobStorage Create(CleanupJobsOptions jobs, string dataDirectory) => jobs.Storage switch
    {
        "postgresql" => new PostgreSqlStorage(new NpgsqlConnectionFactory(jobs.ConnectionString!, new PostgreSqlStorageOptions()), new PostgreSqlStorageOptions { PrepareSchemaIfNecessary = true }),
        "memory" => new InMemoryStorage(),
        _ => new SQLiteStorage(Path.Combine(dataDirectory, FileName), new SQLiteStorageOptions()),
    };

    public void Dispose()
    {
        if (_storage.IsValueCreated && _storage.Value is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }
}
