namespace Platform.Insights.Ingest.Sinks;

/// <summary>
/// The data directory could not be written (disk full, read-only file system, no permission, quota): nothing of the
/// failed write was stored, nothing stored before was touched, and the same write succeeds once space or write access
/// returns — so push sources answer 503 with <c>Retry-After</c> and the CLI names the directory.
/// </summary>
public sealed class StoreUnwritableException : IOException
{
    public StoreUnwritableException()
    {
    }

    public StoreUnwritableException(string message)
        : base(message)
    {
    }

    public StoreUnwritableException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public static StoreUnwritableException For(string directory, Exception cause) =>
        new($"the data directory {directory} cannot be written ({StoreWriteFailure.Describe(cause)}); the failed write was rolled back and "
            + "what was stored before is intact — free space or restore write access, then retry (a resend stores only what is missing)", cause);
}
