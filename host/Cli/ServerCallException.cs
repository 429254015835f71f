namespace Platform.Insights.Host.Cli;

/// <summary>A server the CLI acts through could not be reached or refused the call (not a guardrail's refusal): exit 1.</summary>
public sealed class ServerCallException : Exception
{
    public ServerCallException()
    {
    }

    public ServerCallException(string message) : base(message)
    {
    }

    public ServerCallException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
