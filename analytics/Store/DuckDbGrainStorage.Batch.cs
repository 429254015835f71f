using System.Text;
using DuckDB.NET.Data;

namespace Platform.Insights.Analytics.Store;

/// <summary>
/// Grain state saves written together. Every service grain saves its state on a 5-second timer, and grains activated by
/// the same request save at the same moment; one autocommit statement each made 50 statements and 50 WAL commits every
/// 5 seconds compete with remote write for the single write connection (BENCHMARKS.md §22, §29). A save that arrives
/// while others wait for the store joins them: the waiting saves become one <c>UPDATE … FROM (VALUES …)</c> (and one
/// <c>INSERT</c> for first saves), each row still conditional on its own ETag, so one grain's refused save does not
/// fail the others'. Every caller is answered only after the statement that holds its row has committed.
/// </summary>
public sealed partial class DuckDbGrainStorage
{
    private readonly Lock _saves = new();
    private readonly List<Save> _queued = [];
    private bool _saving;

    /// <summary>Queues <paramref name="save"/>; completes once it is committed (or refused, see <see cref="Save.Refused"/>).</summary>
    private Task SaveAsync(Save save)
    {
        lock (_saves)
        {
            _queued.Add(save);
            if (_saving)
            {
                return save.Done.Task;
            }
            _saving = true;
        }
        // Off the calling grain's scheduler: the loop serves every grain's saves, not the first caller's.
        _ = Task.Run(WriteQueuedAsync);
        return save.Done.Task;
    }

    /// <summary>Writes what is queued, batch after batch, until nothing is. Never throws: each caller gets its batch's outcome.</summary>
    private async Task WriteQueuedAsync()
    {
        while (true)
        {
            List<Save> batch;
            lock (_saves)
            {
                if (_queued.Count == 0)
                {
                    _saving = false;
                    return;
                }
                batch = TakeBatch();
            }
            try
            {
                await database.WriteAsync(connection => Write(connection, batch), CancellationToken.None);
                foreach (var save in batch)
                {
                    save.Done.TrySetResult();
                }
            }
            catch (Exception e)
            {
                foreach (var save in batch)
                {
                    save.Done.TrySetException(e);
                }
            }
        }
    }

    /// <summary>The queued saves, one per grain: a second save of the same grain (its ETag rests on the first) waits for the next batch.</summary>
    private List<Save> TakeBatch()
    {
        var batch = new List<Save>(_queued.Count);
        var keys = new HashSet<(string, string)>();
        var left = new List<Save>();
        foreach (var save in _queued)
        {
            (keys.Add((save.StateName, save.GrainId)) ? batch : left).Add(save);
        }
        _queued.Clear();
        _queued.AddRange(left);
        return batch;
    }

    private void Write(DuckDBConnection connection, List<Save> batch)
    {
        var updated = time.GetUtcNow().UtcDateTime;
        var inserts = batch.FindAll(s => s.ExpectedEtag is null);
        var updates = batch.FindAll(s => s.ExpectedEtag is not null);
        // One statement commits on its own; two (first saves beside later ones) share a transaction.
        using var transaction = inserts.Count > 0 && updates.Count > 0 ? connection.BeginTransaction() : null;
        var written = new HashSet<(string, string)>();
        if (inserts.Count > 0)
        {
            Run(connection, inserts, updated, written,
                "INSERT INTO grain_state SELECT v.t, v.i, v.e, v.s, $updated FROM (VALUES {0}) v(t, i, e, s, x) "
                + "WHERE NOT EXISTS (SELECT 1 FROM grain_state g WHERE g.grain_type = v.t AND g.grain_id = v.i) RETURNING grain_type, grain_id");
        }
        if (updates.Count > 0)
        {
            Run(connection, updates, updated, written,
                "UPDATE grain_state SET etag = v.e, state = v.s, updated_at = $updated FROM (VALUES {0}) v(t, i, e, s, x) "
                + "WHERE grain_state.grain_type = v.t AND grain_state.grain_id = v.i AND grain_state.etag = v.x RETURNING grain_type, grain_id");
        }
        transaction?.Commit();
        foreach (var save in batch)
        {
            if (!written.Contains((save.StateName, save.GrainId)))
            {
                // Only a refused save reads the stored ETag, for the message.
                save.Refused = true;
                save.StoredEtag = StoredEtag(connection, save.StateName, save.GrainId);
            }
        }
    }

    /// <summary>Runs <paramref name="sql"/> with <paramref name="saves"/> as its <c>VALUES</c> rows; adds the rows it wrote to <paramref name="written"/>.</summary>
    private static void Run(DuckDBConnection connection, List<Save> saves, DateTime updated, HashSet<(string, string)> written, string sql)
    {
        using var command = connection.CreateCommand();
        var rows = new StringBuilder();
        for (var n = 0; n < saves.Count; n++)
        {
            var save = saves[n];
            rows.Append(n == 0 ? "" : ", ")
                .Append(System.Globalization.CultureInfo.InvariantCulture, $"($t{n}::VARCHAR, $i{n}::VARCHAR, $e{n}::VARCHAR, $s{n}::BLOB, $x{n}::VARCHAR)");
            command.Parameters.Add(new DuckDBParameter($"t{n}", save.StateName));
            command.Parameters.Add(new DuckDBParameter($"i{n}", save.GrainId));
            command.Parameters.Add(new DuckDBParameter($"e{n}", save.NewEtag));
            command.Parameters.Add(new DuckDBParameter($"s{n}", save.Bytes));
            command.Parameters.Add(new DuckDBParameter($"x{n}", save.ExpectedEtag));
        }
        command.Parameters.Add(new DuckDBParameter("updated", updated));
        command.CommandText = string.Format(System.Globalization.CultureInfo.InvariantCulture, sql, rows);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            written.Add((reader.GetString(0), reader.GetString(1)));
        }
    }

    /// <summary>One grain's save: what it writes, and (once done) whether its ETag check refused it.</summary>
    private sealed class Save(string stateName, string grainId, string? expectedEtag, string newEtag, byte[] bytes)
    {
        public string StateName { get; } = stateName;

        public string GrainId { get; } = grainId;

        public string? ExpectedEtag { get; } = expectedEtag;

        public string NewEtag { get; } = newEtag;

        public byte[] Bytes { get; } = bytes;

        public bool Refused { get; set; }

        public string? StoredEtag { get; set; }

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
