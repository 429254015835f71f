namespace Platform.Insights.Host.Cli;

/// <summary>The CLI's exit codes: scripts and cleanup jobs branch on them.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    /// <summary>Bad usage or bad input (including a data directory held by another process).</summary>
    public const int BadInput = 2;
}
