namespace Platform.Insights.Host.Cli;

/// <summary>Cleanup cannot run in this build: no idle detector (<c>IIdleFindings</c>) is registered.</summary>
public sealed class CleanupUnavailableException : Exception
{
    public CleanupUnavailableException()
    {
    }

    public CleanupUnavailableException(string message) : base(message)
    {
    }

    public CleanupUnavailableException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
