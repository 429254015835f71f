namespace Platform.Insights.Analytics.Store;

/// <summary>
/// DuckDB's error from a statement the store writer ran through the C API itself (<see cref="WriterStatement"/>): the same
/// message DuckDB.NET would have put in its <c>DuckDBException</c>, whose constructors are not public.
/// </summary>
public sealed class StoreStatementException : Exception
{
    public StoreStatementException()
    {
    }

    public StoreStatementException(string message)
        : base(message)
    {
    }

    public StoreStatementException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
