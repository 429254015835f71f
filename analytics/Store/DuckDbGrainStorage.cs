using DuckDB.NET.Data;
using Orleans.Serialization;
using Orleans.Storage;

namespace Platform.Insights.Analytics.Store;

/// <summary>
/// Orleans grain storage in the data directory's DuckDB file (<c>grain_state</c>), so grains survive a
/// restart and a single file holds everything. Optimistic concurrency by ETag, as Orleans expects.
/// </summary>
public sealed class DuckDbGrainStorage(InsightsDatabase database, Serializer serializer, TimeProvider time) : IGrainStorage
{
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        using var connection = database.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT etag, state FROM grain_state WHERE grain_type = $type AND grain_id = $id";
        command.Parameters.Add(new DuckDBParameter("type", stateName));
        command.Parameters.Add(new DuckDBParameter("id", grainId.ToString()));
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            grainState.RecordExists = false;
            grainState.ETag = null;
            return;
        }
        grainState.ETag = reader.GetString(0);
        using var blob = reader.GetStream(1);
        using var buffer = new MemoryStream();
        await blob.CopyToAsync(buffer);
        grainState.State = serializer.Deserialize<T>(buffer.ToArray());
        grainState.RecordExists = true;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var bytes = serializer.SerializeToArray(grainState.State);
        var etag = Guid.NewGuid().ToString("N");
        return database.WriteAsync(connection =>
        {
            CheckEtag(connection, stateName, grainId, grainState.ETag);
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT OR REPLACE INTO grain_state VALUES ($type, $id, $etag, $state, $updated)";
            command.Parameters.Add(new DuckDBParameter("type", stateName));
            command.Parameters.Add(new DuckDBParameter("id", grainId.ToString()));
            command.Parameters.Add(new DuckDBParameter("etag", etag));
            command.Parameters.Add(new DuckDBParameter("state", bytes));
            command.Parameters.Add(new DuckDBParameter("updated", time.GetUtcNow().UtcDateTime));
            command.ExecuteNonQuery();
            grainState.ETag = etag;
            grainState.RecordExists = true;
        }, CancellationToken.None);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        database.WriteAsync(connection =>
        {
            CheckEtag(connection, stateName, grainId, grainState.ETag);
            using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM grain_state WHERE grain_type = $type AND grain_id = $id";
            command.Parameters.Add(new DuckDBParameter("type", stateName));
            command.Parameters.Add(new DuckDBParameter("id", grainId.ToString()));
            command.ExecuteNonQuery();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }, CancellationToken.None);

    private static void CheckEtag(DuckDBConnection connection, string stateName, GrainId grainId, string? expected)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT etag FROM grain_state WHERE grain_type = $type AND grain_id = $id";
        command.Parameters.Add(new DuckDBParameter("type", stateName));
        command.Parameters.Add(new DuckDBParameter("id", grainId.ToString()));
        var stored = command.ExecuteScalar() as string;
        if (!string.Equals(stored, expected, StringComparison.Ordinal))
        {
            throw new InconsistentStateException($"Grain state {stateName}/{grainId} changed underneath (stored ETag {stored ?? "none"}, expected {expected ?? "none"}).", stored, expected);
        }
    }
}
