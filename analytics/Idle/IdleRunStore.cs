using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Serialization;
using DuckDB.NET.Data;
using Platform.Insights.Analytics.Store;

namespace Platform.Insights.Analytics.Idle;

/// <summary>
/// The idle detector's persisted runs (<c>idle_runs</c>, <c>idle_findings</c>; <c>Idle/idle_schema.sql</c>): each
/// finding with its columns for filtering and its whole evidence as JSON. A run's findings are appended before its
/// <c>complete</c> row, so the latest complete run is always whole; older runs beyond <c>KeepRuns</c> go in the same write.
/// </summary>
public sealed class IdleRunStore(InsightsDatabase database)
{
    /// <summary>The evidence's JSON: states by name, NaN / infinity allowed (a statistic can be undefined).</summary>
    public static readonly JsonSerializerOptions EvidenceJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private readonly SchemaGate _schema = new();

    public Task EnsureSchemaAsync(CancellationToken cancellationToken) =>
        _schema.EnsureAsync(token => database.WriteAsync(connection => Execute(connection, StoreSql.Load("Idle/idle_schema.sql")), token), cancellationToken);

    /// <summary>Writes a complete run: its findings, then its row, then drops complete runs beyond the newest <paramref name="keep"/>.</summary>
    public async Task SaveAsync(IdleRun run, IReadOnlyList<IdleFinding> findings, int keep, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        await database.WriteAsync(connection =>
        {
            using (var appender = connection.CreateAppender("idle_findings"))
            {
                foreach (var f in findings)
                {
                    var row = appender.CreateRow().AppendValue(run.RunId).AppendValue(f.Id).AppendValue(f.ResourceId).AppendValue(f.ResourceType)
                        .AppendValue(f.Team).AppendValue(f.Environment).AppendValue(f.State.ToString()).AppendValue(f.Rule).AppendValue(f.RuleVersion)
                        .AppendValue(f.Actionable).AppendValue(f.MonthlySavings).AppendValue(f.Currency)
                        .AppendValue(JsonSerializer.Serialize(f, EvidenceJson));
                    row.EndRow();
                }
            }
            using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO idle_runs VALUES ($run, 'complete', $started, $completed, $as_of, $mark, $version, $resources, $duration, NULL,
                    (SELECT coalesce(max(seq), 0) + 1 FROM idle_runs));
                DELETE FROM idle_runs WHERE status = 'complete' AND run_id NOT IN
                    (SELECT run_id FROM idle_runs WHERE status = 'complete' ORDER BY seq DESC LIMIT $keep);
                DELETE FROM idle_runs WHERE status = 'failed' AND completed_at < (SELECT min(completed_at) FROM idle_runs WHERE status = 'complete');
                DELETE FROM idle_findings WHERE run_id NOT IN (SELECT run_id FROM idle_runs WHERE status = 'complete');
                """;
            command.Parameters.Add(new DuckDBParameter("run", run.RunId));
            command.Parameters.Add(Time("started", run.StartedAt));
            command.Parameters.Add(Time("completed", run.CompletedAt));
            command.Parameters.Add(Time("as_of", run.AsOf));
            command.Parameters.Add(new DuckDBParameter("mark", run.DataMark));
            command.Parameters.Add(new DuckDBParameter("version", run.DefinitionVersion));
            command.Parameters.Add(new DuckDBParameter("resources", (long)findings.Count));
            command.Parameters.Add(new DuckDBParameter("duration", (long)(run.CompletedAt - run.StartedAt).TotalMilliseconds));
            command.Parameters.Add(new DuckDBParameter("keep", keep));
            command.ExecuteNonQuery();
        }, cancellationToken);
    }

    /// <summary>Records a run that failed (no findings), so an operator sees failed attempts beside the complete runs.</summary>
    public async Task FailedAsync(string runId, DateTime started, DateTime completed, string? mark, string error, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        await database.WriteAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO idle_runs VALUES ($run, 'failed', $started, $completed, NULL, $mark, $version, 0, $duration, $error, (SELECT coalesce(max(seq), 0) + 1 FROM idle_runs))";
            command.Parameters.Add(new DuckDBParameter("run", runId));
            command.Parameters.Add(Time("started", started));
            command.Parameters.Add(Time("completed", completed));
            command.Parameters.Add(new DuckDBParameter("mark", mark));
            command.Parameters.Add(new DuckDBParameter("version", IdleClassifier.DefinitionVersion));
            command.Parameters.Add(new DuckDBParameter("duration", (long)(completed - started).TotalMilliseconds));
            command.Parameters.Add(new DuckDBParameter("error", error.Length > 2000 ? error[..2000] : error));
            command.ExecuteNonQuery();
        }, cancellationToken);
    }

    /// <summary>The newest complete run, or null when there is none yet.</summary>
    public async Task<IdleRun?> LatestAsync(CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        using var connection = database.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT run_id, started_at, completed_at, as_of, data_mark, definition_version, resources
            FROM idle_runs WHERE status = 'complete' ORDER BY seq DESC LIMIT 1
            """;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        return new IdleRun(reader.GetString(0), Utc(reader, 1), Utc(reader, 2), Utc(reader, 3), reader.IsDBNull(4) ? "" : reader.GetString(4), reader.GetString(5), reader.GetInt64(6));
    }

    /// <summary>A run's findings matching the filter, in the contract's order (savings descending, unknown last, then id).</summary>
    public async Task<IReadOnlyList<IdleFinding>> FindingsAsync(string runId, IdleFindingFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        using var connection = database.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = StoreSql.Load("Idle/idle_run_findings.sql");
        command.Parameters.Add(new DuckDBParameter("run", runId));
        command.Parameters.Add(new DuckDBParameter("id", null));
        command.Parameters.Add(new DuckDBParameter("team", filter.Team));
        command.Parameters.Add(new DuckDBParameter("type", filter.ResourceType));
        command.Parameters.Add(new DuckDBParameter("state", filter.State?.ToString()));
        command.Parameters.Add(new DuckDBParameter("environment", filter.Environment));
        command.Parameters.Add(new DuckDBParameter("min_savings", filter.MinMonthlySavings));
        return await ReadAsync(command, cancellationToken);
    }

    /// <summary>One finding of a run by id, or null.</summary>
    public async Task<IdleFinding?> FindingAsync(string runId, string id, CancellationToken cancellationToken)
    {
        using var connection = database.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = StoreSql.Load("Idle/idle_run_findings.sql");
        command.Parameters.Add(new DuckDBParameter("run", runId));
        command.Parameters.Add(new DuckDBParameter("id", id));
        foreach (var name in new[] { "team", "type", "state", "environment", "min_savings" })
        {
            command.Parameters.Add(new DuckDBParameter(name, null));
        }
        return (await ReadAsync(command, cancellationToken)).SingleOrDefault();
    }

    private static async Task<IReadOnlyList<IdleFinding>> ReadAsync(DuckDBCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var findings = new List<IdleFinding>();
        while (await reader.ReadAsync(cancellationToken))
        {
            findings.Add(JsonSerializer.Deserialize<IdleFinding>(reader.GetString(0), EvidenceJson)
                ?? throw new InvalidDataException("idle_findings.evidence is null"));
        }
        return findings;
    }

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static DuckDBParameter Time(string name, DateTime value) => new(name, DateTime.SpecifyKind(value, DateTimeKind.Unspecified));

    private static DateTime Utc(DbDataReader reader, int ordinal) => DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc);
}
