namespace Platform.Insights.Analytics.Store;

/// <summary>
/// The file system refused to open the data directory's lock for writing (read-only, full, no permission): unlike
/// <see cref="DataDirectoryHeldException"/> nobody holds the directory, so the message says what the OS said.
/// </summary>
public sealed class DataDirectoryUnwritableException : IOException
{
    public DataDirectoryUnwritableException()
    {
    }

    public DataDirectoryUnwritableException(string message) : base(message)
    {
    }

    public DataDirectoryUnwritableException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public static DataDirectoryUnwritableException For(string directory, Exception cause) =>
        new($"The data directory {directory} cannot be written ({Reason(cause)}); insights needs write access to it even to read "
            + "(its lock and DuckDB's write-ahead log). Nothing in it was changed: restore write access (or copy it somewhere writable and pass that --data), then retry.", cause);

    /// <summary>The OS's words without the path .NET appends ("Read-only file system : '/data/insights.lock'").</summary>
    private static string Reason(Exception cause)
    {
        var message = cause.Message;
        var path = message.IndexOf(" : '", StringComparison.Ordinal);
        return path > 0 ? message[..path] : message;
    }
}
