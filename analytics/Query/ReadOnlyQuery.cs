using Platform.Insights.Analytics.Store;

namespace Platform.Insights.Analytics.Query;

/// <summary>
/// <c>insights query</c>: one read-only statement over the store. Only reading statement kinds are
/// accepted, and the statement runs inside a transaction that is always rolled back, so even a
/// statement that slips past the first check cannot change the store.
/// </summary>
public sealed class ReadOnlyQuery(InsightsDatabase database)
{
    private static readonly string[] ReadingKeywords = ["SELECT", "WITH", "FROM", "SHOW", "DESCRIBE", "SUMMARIZE", "EXPLAIN", "VALUES", "TABLE", "PIVOT", "UNPIVOT"];

    public async Task<QueryResult> RunAsync(string sql, int maxRows, CancellationToken cancellationToken)
    {
        var statement = Validate(sql);
        using var connection = database.OpenReader();
        using var transaction = connection.BeginTransaction();
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = statement;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await QueryResult.ReadAsync(reader, maxRows, cancellationToken);
        }
        finally
        {
            transaction.Rollback();
        }
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
        return statement;
    }

    private static bool HasSecondStatement(string statement)
    {
        var inString = false;
        foreach (var c in statement)
        {
            if (c == '\'')
            {
                inString = !inString;
            }
            else if (c == ';' && !inString)
            {
                return true;
            }
        }
        return false;
    }

}
