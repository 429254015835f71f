using System.Text.Json;
using DuckDB.NET.Data;

namespace Platform.Insights.Analytics.Query;

/// <summary>
/// The second check of <c>insights query</c>, on DuckDB's own parse tree rather than on the text:
/// <c>json_serialize_sql</c> serializes only SELECT statements (COPY, ATTACH, INSTALL, LOAD, SET, PRAGMA,
/// CALL, EXPORT, any DML or DDL come back as an error), and the tree is walked whole — CTEs, subqueries,
/// joins, lateral and scalar subqueries alike — so a table function or a file name hidden anywhere is seen.
/// Only table functions that compute from their arguments or describe the store are allowed, plus the
/// store's own table macros; a table name that looks like a path or URL (a replacement scan reading a file)
/// is refused. <see cref="StoreSandbox"/> stops file access inside DuckDB too; this check names the problem.
/// </summary>
public static class SelectStatement
{
    /// <summary>Table functions that read nothing outside the store (lower case, as DuckDB names them).</summary>
    public static readonly IReadOnlySet<string> AllowedTableFunctions = new HashSet<string>(StringComparer.Ordinal)
    {
        "range", "generate_series", "unnest", "repeat", "json_each", "json_tree",
        "duckdb_tables", "duckdb_views", "duckdb_columns", "duckdb_schemas", "duckdb_types", "duckdb_functions",
        "duckdb_constraints", "duckdb_indexes", "duckdb_sequences", "duckdb_keywords", "pragma_table_info", "pragma_storage_info",
    };

    /// <summary>Throws <see cref="QueryRejectedException"/> unless <paramref name="sql"/> is one SELECT that reads only the store.</summary>
    public static void Check(DuckDBConnection connection, string sql)
    {
        using var document = JsonDocument.Parse(Serialize(connection, sql));
        var root = document.RootElement;
        if (root.GetProperty("error").GetBoolean())
        {
            var message = root.TryGetProperty("error_message", out var m) ? m.GetString() : "not a SELECT";
            throw new QueryRejectedException(root.TryGetProperty("error_type", out var t) && t.GetString() == "parser"
                ? $"insights query: {message}"
                : $"insights query is read-only: only one SELECT (or WITH, FROM, SHOW, DESCRIBE, SUMMARIZE, VALUES) is run ({message})");
        }
        var statements = root.GetProperty("statements");
        if (statements.GetArrayLength() != 1)
        {
            throw new QueryRejectedException("Only one statement per query.");
        }
        var macros = TableMacros(connection);
        Walk(statements[0], macros);
    }

    private static void Walk(JsonElement node, IReadOnlySet<string> macros)
    {
        switch (node.ValueKind)
        {
            case JsonValueKind.Object:
                if (node.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String)
                {
                    Inspect(type.GetString()!, node, macros);
                }
                foreach (var property in node.EnumerateObject())
                {
                    Walk(property.Value, macros);
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in node.EnumerateArray())
                {
                    Walk(item, macros);
                }
                break;
        }
    }

    private static void Inspect(string type, JsonElement node, IReadOnlySet<string> macros)
    {
        switch (type)
        {
            case "TABLE_FUNCTION":
                var name = node.GetProperty("function").GetProperty("function_name").GetString() ?? "";
                if (!AllowedTableFunctions.Contains(name.ToLowerInvariant()) && !macros.Contains(name.ToLowerInvariant()))
                {
                    throw new QueryRejectedException(
                        $"insights query reads only the store's tables: the table function '{name}' is refused (allowed: {string.Join(", ", AllowedTableFunctions.Order(StringComparer.Ordinal))} and the store's table macros).");
                }
                break;
            case "BASE_TABLE" or "SHOW_REF":
                var table = node.TryGetProperty("table_name", out var t) ? t.GetString()?.Trim('"') ?? "" : "";
                if (LooksLikeAFile(table))
                {
                    throw new QueryRejectedException($"insights query reads only the store's tables: '{table}' names a file or URL.");
                }
                break;
        }
    }

    /// <summary>DuckDB reads a file for a table name with a path separator, a scheme or an extension; store tables have none of these.</summary>
    private static bool LooksLikeAFile(string table) =>
        table.IndexOfAny(['/', '\\', '.', ':', '~', '*', '?']) >= 0;

    private static string Serialize(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT json_serialize_sql($sql::VARCHAR)";
        command.Parameters.Add(new DuckDBParameter("sql", sql));
        return (string)command.ExecuteScalar()!;
    }

    private static HashSet<string> TableMacros(DuckDBConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT DISTINCT lower(function_name) FROM duckdb_functions() WHERE function_type = 'table_macro' AND NOT internal";
        using var reader = command.ExecuteReader();
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }
        return names;
    }
}
