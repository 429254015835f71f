using Microsoft.Extensions.Options;
using Platform.Insights.Analytics.Store;

namespace Platform.Insights.Analytics.Query;

/// <summary>
/// <c>insights query</c>: one read-only statement over the store, behind four layers (docs/ARCHITECTURE.md,
/// SECURITY.md): the first keyword must be a reading one (<see cref="Validate"/>, a quick message before
/// anything opens); DuckDB's own parse tree must be one SELECT reading only the store (<see cref="SelectStatement"/>);
/// the store's DuckDB instance has external access off and its configuration locked (<see cref="StoreSandbox"/>),
/// so no file, URL or extension is reachable even past the checks; and the statement runs inside a
/// transaction that is always rolled back, so nothing it might change is kept. A statement running past
/// <see cref="QueryOptions.StatementTimeout"/> is interrupted inside DuckDB (<see cref="QueryTimeoutException"/>).
/// </summary>
public sealed class ReadOnlyQuery(InsightsDatabase database, IOptions<QueryOptions>? options = null, TimeProvider? time = null)
{
    private readonly TimeSpan _timeout = (options?.Value ?? new QueryOptions()).StatementTimeout;
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    private static readonly string[] ReadingKeywords = ["SELECT", "WITH", "FROM", "SHOW", "DESCRIBE", "SUMMARIZE", "EXPLAIN", "VALUES", "TABLE", "PIVOT", "UNPIVOT"];

    public async Task<QueryResult> RunAsync(string sql, int maxRows, CancellationToken cancellationToken)
    {
        var statement = Validate(sql);
        using var connection = database.OpenReader();
        using var transaction = connection.BeginTransaction();
        using var limit = new CancellationTokenSource(_timeout, _time);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token);
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = Checked(connection, statement);
            // DuckDB works on this thread inside ExecuteReader / Read; a token is only looked at between calls, so the
            // limit (or the caller going away) interrupts the connection itself (DbCommand.Cancel → duckdb_interrupt).
            await using var interrupt = stop.Token.Register(command.Cancel);
            await using var reader = await command.ExecuteReaderAsync(stop.Token);
            return await QueryResult.ReadAsync(reader, maxRows, stop.Token);
        }
        catch (Exception e) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested
            && e is OperationCanceledException or DuckDB.NET.Data.DuckDBException)
        {
            throw new QueryTimeoutException(_timeout, e);
        }
        finally
        {
            transaction.Rollback();
        }
    }

    /// <summary>
    /// The text to run: the statement itself once DuckDB's parse tree passed <see cref="SelectStatement.Check"/>;
    /// for EXPLAIN the explained statement is checked and the EXPLAIN rebuilt around exactly that text, so what
    /// runs is what was checked (EXPLAIN's option lists are not taken over).
    /// </summary>
    private static string Checked(DuckDB.NET.Data.DuckDBConnection connection, string statement)
    {
        if (!statement.StartsWith("EXPLAIN", StringComparison.OrdinalIgnoreCase))
        {
            SelectStatement.Check(connection, statement);
            return statement;
        }
        var rest = statement["EXPLAIN".Length..].TrimStart();
        var word = rest.Split([' ', '\n', '\r', '\t', '('], 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.ToUpperInvariant();
        var analyze = word is "ANALYZE" or "ANALYSE";
        var explained = analyze ? rest[word!.Length..].TrimStart() : rest;
        SelectStatement.Check(connection, explained);
        return (analyze ? "EXPLAIN ANALYZE " : "EXPLAIN ") + explained;
    }

    /// <summary>Returns the statement without a trailing semicolon, or throws <see cref="QueryRejectedException"/>.</summary>
    public static string Validate(string sql)
    {
        var statement = sql.Trim().TrimEnd(';').Trim();
        if (statement.Length == 0)
        {
            throw new QueryRejectedException("The query is empty.");
        }
        if (statement.Contains(';', StringComparison.Ordinal) && HasSecondStatement(statement))
        {
            throw new QueryRejectedException("Only one statement per query.");
        }
        var first = statement.Split([' ', '\n', '\r', '\t', '('], 2, StringSplitOptions.RemoveEmptyEntries)[0].ToUpperInvariant();
        if (!ReadingKeywords.Contains(first))
        {
            throw new QueryRejectedException($"insights query is read-only: '{first}' statements are refused. Use SELECT, WITH, FROM, SHOW, DESCRIBE or SUMMARIZE.");
        }
        if (first == "EXPLAIN")
        {
            // EXPLAIN ANALYZE runs the statement it explains (COPY … TO would write a file): that one must be a read too.
            Validate(ExplainedStatement(statement));
        }
        return statement;
    }

    private static string ExplainedStatement(string statement)
    {
        var rest = statement["EXPLAIN".Length..].TrimStart();
        var word = rest.Split([' ', '\n', '\r', '\t', '(', ','], 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.ToUpperInvariant();
        if (word is "ANALYZE" or "ANALYSE")
        {
            return rest[word.Length..];
        }
        // EXPLAIN (ANALYZE, FORMAT json) statement: skip an option list, but not a parenthesised query.
        var close = rest.IndexOf(')', StringComparison.Ordinal);
        return rest.StartsWith('(') && close > 0 && !ReadingKeywords.Contains(word) ? rest[(close + 1)..] : rest;
    }

    /// <summary>A <c>;</c> outside quotes and comments (quoted identifiers may hold a <c>'</c>, comments anything).</summary>
    private static bool HasSecondStatement(string statement)
    {
        char? quote = null;
        for (var i = 0; i < statement.Length; i++)
        {
            var c = statement[i];
            if (quote is not null)
            {
                quote = c == quote ? null : quote;
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == '-' && i + 1 < statement.Length && statement[i + 1] == '-')
            {
                var end = statement.IndexOf('\n', i);
                i = end < 0 ? statement.Length : end;
            }
            else if (c == '/' && i + 1 < statement.Length && statement[i + 1] == '*')
            {
                var end = statement.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? statement.Length : end + 1;
            }
            else if (c == ';')
            {
                return true;
            }
        }
        return false;
    }

}
