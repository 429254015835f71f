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

    /// <summary>
    /// One statement per save: the ETag check is the statement's own condition (an insert only where no row is, an
    /// update only of the row with the expected ETag), so a save every few seconds per grain costs one auto-commit, not two.
    /// </summary>
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var bytes = serializer.SerializeToArray(grainState.State);
        var etag = Guid.NewGuid().ToString("N");
        return database.WriteAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = grainState.ETag is null
                ? "INSERT INTO grain_state SELECT $type, $id, $etag, $state, $updated WHERE NOT EXISTS (SELECT 1 FROM grain_state WHERE grain_type = $type AND grain_id = $id)"
                : "UPDATE grain_state SET etag = $etag, state = $state, updated_at = $updated WHERE grain_type = $type AND grain_id = $id AND etag = $expected";
            command.Parameters.Add(new DuckDBParameter("type", stateName));
            command.Parameters.Add(new DuckDBParameter("id", grainId.ToString()));
            command.Parameters.Add(new DuckDBParameter("etag", etag));
            command.Parameters.Add(new DuckDBParameter("state", bytes));
            command.Parameters.Add(new DuckDBParameter("updated", time.GetUtcNow().UtcDateTime));
            if (grainState.ETag is not null)
            {
                command.Parameters.Add(new DuckDBParameter("expected", grainState.ETag));
            }
            if (command.ExecuteNonQuery() != 1)
            {
                // Only the refused save reads the stored ETag, for the message.
                throw Inconsistent(stateName, grainId, StoredEtag(connection, stateName, grainId), grainState.ETag);
            }
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

    /// <summary>ClearState's check: the stored ETag must be the one the grain last read or wrote.</summary>
    private static void CheckEtag(DuckDBConnection connection, string stateName, GrainId grainId, string? expected)
    {
        var stored = StoredEtag(connection, stateName, grainId);
        if (!string.Equals(stored, expected, StringComparison.Ordinal))
        {
            throw Inconsistent(stateName, grainId, stored, expected);
        }
    }

    private static string? StoredEtag(DuckDBConnection connection, string stateName, GrainId grainId)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT etag FROM grain_state WHERE grain_type = $type AND grain_id = $id";
        command.Parameters.Add(new DuckDBParameter("type", stateName));
        command.Parameters.Add(new DuckDBParameter("id", grainId.ToString()));
        return command.ExecuteScalar() as string;
    }

    private static InconsistentStateException Inconsistent(string stateName, GrainId grainId, string? stored, string? expected) =>
        new($"Grain state {stateName}/{grainId} changed underneath (stored ETag {stored ?? "none"}, expected {expected ?? "none"}).", stored, expected);
}
