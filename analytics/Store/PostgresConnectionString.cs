namespace Platform.Insights.Analytics.Store;

/// <summary>
/// The one start-up check of a configured PostgreSQL connection string, shared by every option that takes one (the
/// cluster's, cleanup's store, the report history, <c>db init --connection</c>): it lives here because analytics is the
/// lowest project all of them reference. The error names the configuration key, as every options error does.
/// </summary>
public static class PostgresConnectionString
{
    /// <summary>Null when <paramref name="value"/> parses as an Npgsql connection string; else why not, naming <paramref name="key"/>.</summary>
    public static string? Problem(string key, string value)
    {
        try
        {
            _ = new Npgsql.NpgsqlConnectionStringBuilder(value);
            return null;
        }
        catch (ArgumentException e)
        {
            return $"{key} is not a valid PostgreSQL connection string: {e.Message}";
        }
    }
}
