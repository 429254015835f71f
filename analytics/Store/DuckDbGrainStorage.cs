using DuckDB.NET.Data;
using Orleans.Serialization;
using Orleans.Storage;

namespace Platform.Insights.Analytics.Store;

/// <summary>
/// Orleans grain storage in the data directory's DuckDB file (<c>grain_state</c>), so grains survive a
/// restart and a single file holds everything. Optimistic concurrency by ETag, as Orleans expects. Saves that arrive
/// while another is waiting for the store are written together (<c>DuckDbGrainStorage.Batch.cs</c>).
/// </summary>
public sealed partial class DuckDbGrainStorage(InsightsDatabase database, Serializer serializer, TimeProvider time) : IGrainStorage
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
    /// The ETag check is the statement's own condition (an insert only where no row is, an update only of the row with
    /// the expected ETag). Saves queued behind one another share a statement and a commit (<see cref="SaveAsync"/>).
    /// </summary>
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var save = new Save(stateName, grainId.ToString(), grainState.ETag, Guid.NewGuid().ToString("N"), serializer.SerializeToArray(grainState.State));
        await SaveAsync(save);
        if (save.Refused)
        {
            throw Inconsistent(stateName, grainId, save.StoredEtag, grainState.ETag);
        }
        grainState.ETag = save.NewEtag;
        grainState.RecordExists = true;
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
        var stored = StoredEtag(connection, stateName, grainId.ToString());
        if (!string.Equals(stored, expected, StringComparison.Ordinal))
        {
            throw Inconsistent(stateName, grainId, stored, expected);
        }
    }

    private static string? StoredEtag(DuckDBConnection connection, string stateName, string grainId)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT etag FROM grain_state WHERE grain_type = $type AND grain_id = $id";
        command.Parameters.Add(new DuckDBParameter("type", stateName));
        command.Parameters.Add(new DuckDBParameter("id", grainId));
        return command.ExecuteScalar() as string;
    }

    private static InconsistentStateException Inconsistent(string stateName, GrainId grainId, string? stored, string? expected) =>
        new($"Grain state {stateName}/{grainId} changed underneath (stored ETag {stored ?? "none"}, expected {expected ?? "none"}).", stored, expected);
}
