using System.Text.Json;
using DuckDB.NET.Data;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Ingest.Catalog;

namespace Platform.Insights.Analytics.Catalog;

/// <summary>
/// The loaded service catalog in the store. A catalog file is the truth for its entities: loading it
/// again replaces what came from it before; a name already owned by another file is a conflict naming both.
/// </summary>
public sealed class CatalogStore(InsightsDatabase database) : ICatalogDirectory, IServiceAnnotations
{
    public Task<CatalogSaveResult> SaveAsync(
        IReadOnlyCollection<string> sourceFiles,
        IReadOnlyList<CatalogGroup> groups,
        IReadOnlyList<CatalogSystem> systems,
        IReadOnlyList<CatalogComponent> components,
        CancellationToken cancellationToken) =>
        database.WriteAsync(connection =>
        {
            using var transaction = connection.BeginTransaction();
            foreach (var table in new[] { "catalog_services", "catalog_systems", "catalog_teams" })
            {
                foreach (var file in sourceFiles)
                {
                    Execute(connection, $"DELETE FROM {table} WHERE source_file = $file", ("file", file));
                }
            }
            var conflicts = new List<string>();
            conflicts.AddRange(Conflicts(connection, "catalog_services", components.Select(c => (c.Name, c.SourceFile, c.Line))));
            conflicts.AddRange(Conflicts(connection, "catalog_systems", systems.Select(s => (s.Name, s.SourceFile, s.Line))));
            conflicts.AddRange(Conflicts(connection, "catalog_teams", groups.Select(g => (g.Name, g.SourceFile, g.Line)), declaredOnly: true));
            if (conflicts.Count > 0)
            {
                transaction.Rollback();
                return new CatalogSaveResult(0, 0, 0, conflicts);
            }

            foreach (var group in groups)
            {
                Execute(connection, "DELETE FROM catalog_teams WHERE name = $name", ("name", group.Name));
                Execute(connection, "INSERT INTO catalog_teams VALUES ($name, $title, $type, $parent, $description, true, $file, $line)",
                    ("name", group.Name), ("title", group.Title), ("type", group.Type), ("parent", group.Parent),
                    ("description", group.Description), ("file", group.SourceFile), ("line", (int)group.Line));
            }
            foreach (var system in systems)
            {
                Execute(connection, "INSERT INTO catalog_systems VALUES ($name, $owner, $domain, $description, $file, $line)",
                    ("name", system.Name), ("owner", system.Owner ?? system.OwnerRef), ("domain", system.Domain),
                    ("description", system.Description), ("file", system.SourceFile), ("line", (int)system.Line));
            }
            foreach (var c in components)
            {
                Execute(connection, "INSERT INTO catalog_services VALUES ($name, $team, $owner, $type, $lifecycle, $system, $title, $description, $tags, $annotations, $slo, $cost, $file, $line)",
                    ("name", c.Name), ("team", c.Team), ("owner", c.OwnerRef), ("type", c.Type), ("lifecycle", c.Lifecycle),
                    ("system", c.System), ("title", c.Title), ("description", c.Description),
                    ("tags", JsonSerializer.Serialize(c.Tags)), ("annotations", JsonSerializer.Serialize(c.Annotations)),
                    ("slo", c.Settings.SloTarget),
                    ("cost", JsonSerializer.Serialize(c.Settings.CostTags.ToDictionary(p => p.Key, p => p.Value))),
                    ("file", c.SourceFile), ("line", (int)c.Line));
            }
            // Teams named only as owners still exist for grouping; a Group entity later supersedes them.
            Execute(connection, StoreSql.Load("Catalog/implied_teams.sql"));
            transaction.Commit();
            return new CatalogSaveResult(groups.Count, systems.Count, components.Count, []);
        }, cancellationToken);

    /// <summary>Teams and services for <c>insights catalog list</c> and the API; <paramref name="team"/> limits to one team.</summary>
    public async Task<Query.QueryResult> ListAsync(string? team, CancellationToken cancellationToken)
    {
        using var connection = database.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = StoreSql.Load("Catalog/catalog_list.sql");
        command.Parameters.Add(new DuckDBParameter("team", team));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await Query.QueryResult.ReadAsync(reader, int.MaxValue, cancellationToken);
    }

    /// <summary>Every file the stored catalog came from (what <see cref="CatalogPathsSync"/> removes when it is gone).</summary>
    public async Task<IReadOnlyList<string>> SourceFilesAsync(CancellationToken cancellationToken)
    {
        using var connection = database.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT source_file FROM catalog_services UNION SELECT source_file FROM catalog_systems "
            + "UNION SELECT source_file FROM catalog_teams WHERE source_file IS NOT NULL";
        var files = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            files.Add(reader.GetString(0));
        }
        return files;
    }

    public async Task<IReadOnlyList<string>> ServicesOfTeamAsync(string team, CancellationToken cancellationToken)
    {
        using var connection = database.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM catalog_services WHERE team = $team ORDER BY name";
        command.Parameters.Add(new DuckDBParameter("team", team));
        var services = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            services.Add(reader.GetString(0));
        }
        return services;
    }

    public async Task<string?> TeamOfAsync(string service, CancellationToken cancellationToken)
    {
        using var connection = database.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT team FROM catalog_services WHERE name = $service";
        command.Parameters.Add(new DuckDBParameter("service", service));
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task<IReadOnlySet<string>> ServiceNamesAsync(CancellationToken cancellationToken)
    {
        using var connection = database.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM catalog_services";
        var names = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            names.Add(reader.GetString(0));
        }
        return names;
    }

    public async Task<string?> ServiceAnnotatedAsync(string annotation, string value, CancellationToken cancellationToken)
    {
        using var connection = database.OpenReader();
        using var command = connection.CreateCommand();
        // Annotation keys contain '/' and '.', so the JSON path quotes the key; slugs compare ignoring case as GitHub's do.
        command.CommandText = "SELECT name FROM catalog_services WHERE lower(json_extract_string(annotations, '$.\"' || $annotation || '\"')) = lower($value) ORDER BY name LIMIT 1";
        command.Parameters.Add(new DuckDBParameter("annotation", annotation));
        command.Parameters.Add(new DuckDBParameter("value", value));
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    private static IEnumerable<string> Conflicts(DuckDBConnection connection, string table, IEnumerable<(string Name, string File, long Line)> incoming, bool declaredOnly = false)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT source_file, source_line FROM {table} WHERE name = $name" + (declaredOnly ? " AND declared" : "");
        var parameter = new DuckDBParameter("name", "");
        command.Parameters.Add(parameter);
        foreach (var (name, file, line) in incoming)
        {
            parameter.Value = name;
            using var reader = command.ExecuteReader();
            if (reader.Read())
            {
                var kind = table.Replace("catalog_", "", StringComparison.Ordinal).TrimEnd('s');
                yield return $"{kind} '{name}' is defined in both {reader.GetString(0)}:{reader.GetInt32(1)} and {file}:{line}";
            }
        }
    }

    private static void Execute(DuckDBConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(new DuckDBParameter(name, value));
        }
        command.ExecuteNonQuery();
    }
}
