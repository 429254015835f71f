namespace Platform.Insights.Cleanup.Jobs;

/// <summary>Thrown by an apply batch with failed steps, so Hangfire retries it (done steps are skipped on retry).</summary>
public sealed class CleanupBatchFailedException : Exception
{
    public CleanupBatchFailedException(string message) : base(message)
    {
    }

    public CleanupBatchFailedException()
    {
    }

    public CleanupBatchFailedException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
