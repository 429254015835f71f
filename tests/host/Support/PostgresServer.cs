namespace Platform.Insights.Host.Tests.Support;

/// <summary>One real PostgreSQL for the tests that need one (each test creates its own database in it).</summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private PostgresProcess? _process;

    public PostgresProcess Process => _process ?? throw new InvalidOperationException("PostgreSQL is not started");

    /// <summary>A fresh, empty database named after the test, and its connection string.</summary>
    public Task<string> NewDatabaseAsync(string prefix) => Process.CreateDatabaseAsync($"{prefix}_{Guid.NewGuid():N}");

    public async Task InitializeAsync() => _process = await PostgresProcess.StartAsync();

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
    }
}
