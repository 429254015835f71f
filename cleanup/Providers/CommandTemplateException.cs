namespace Platform.Insights.Cleanup.Providers;

/// <summary>A command template could not be filled safely for a step; the step fails, nothing runs.</summary>
public sealed class CommandTemplateException : Exception
{
    public CommandTemplateException(string message) : base(message)
    {
    }

    public CommandTemplateException()
    {
    }

    public CommandTemplateException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
