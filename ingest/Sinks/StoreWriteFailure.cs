namespace Platform.Insights.Ingest.Sinks;

/// <summary>
/// Tells a failure of the file system under the store (which goes away when space or write access returns) from any
/// other write failure. DuckDB reports them as its own exception type with the OS's words in the message.
/// </summary>
public static class StoreWriteFailure
{
    private static readonly string[] FileSystemWords =
    [
        "No space left on device", "Read-only file system", "Permission denied", "Disk quota exceeded", "Could not write file",
        "Could not open file", "Could not truncate file", "Could not fsync", "Input/output error",
    ];

    /// <summary>True when <paramref name="failure"/> (or an inner exception) is the file system refusing a write.</summary>
    public static bool IsFileSystem(Exception failure)
    {
        for (var e = failure; e is not null; e = e.InnerException)
        {
            if (e is StoreUnwritableException or IOException or UnauthorizedAccessException
                || FileSystemWords.Any(w => e.Message.Contains(w, StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The OS's reason in a few words (e.g. "No space left on device"), else the first line of the message.</summary>
    public static string Describe(Exception failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        for (var e = failure; e is not null; e = e.InnerException)
        {
            foreach (var words in FileSystemWords.Take(5))
            {
                if (e.Message.Contains(words, StringComparison.OrdinalIgnoreCase))
                {
                    return words;
                }
            }
        }
        var message = failure.Message;
        var end = message.IndexOf('\n', StringComparison.Ordinal);
        return end < 0 ? message : message[..end];
    }
}
