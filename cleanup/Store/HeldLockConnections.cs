using System.Collections.Concurrent;
using Npgsql;

namespace Platform.Insights.Cleanup.Store;

/// <summary>
/// Open connections that each hold a session advisory lock (a step's or an undo's claim) until the claim's outcome is
/// recorded. Closing a connection frees its lock, so disposing this frees every claim a stopping process still held.
/// </summary>
internal sealed class HeldLockConnections : IAsyncDisposable, IDisposable
{
    private readonly ConcurrentDictionary<string, NpgsqlConnection> _held = new(StringComparer.Ordinal);

    /// <summary>Keeps <paramref name="connection"/> for <paramref name="key"/>; false when this process already holds that key.</summary>
    public bool TryHold(string key, NpgsqlConnection connection) => _held.TryAdd(key, connection);

    public bool Holds(string key) => _held.ContainsKey(key);

    /// <summary>The connection held for <paramref name="key"/>, no longer held (the caller disposes it), or null.</summary>
    public NpgsqlConnection? Release(string key) => _held.TryRemove(key, out var connection) ? connection : null;

    public async ValueTask DisposeAsync()
    {
        foreach (var key in _held.Keys)
        {
            if (Release(key) is { } connection)
            {
                await connection.DisposeAsync();
            }
        }
    }

    public void Dispose()
    {
        foreach (var key in _held.Keys)
        {
            Release(key)?.Dispose();
        }
    }
}
