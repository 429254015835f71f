namespace Platform.Insights.Cleanup.Execution;

/// <summary>A cleanup request a guardrail refused (no or expired approval, kill switch, outside business hours, …).</summary>
public sealed class CleanupRefusedException : Exception
{
    public CleanupRefusedException(string message) : base(message)
    {
    }

    public CleanupRefusedException()
    {
    }

    public CleanupRefusedException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
