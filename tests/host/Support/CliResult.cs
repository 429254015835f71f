namespace Platform.Insights.Host.Tests.Support;

/// <summary>What one run of the <c>insights</c> executable did.</summary>
public sealed record CliResult(string[] Args, int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed)
{
    /// <summary>For assertion messages: the command line and everything it printed.</summary>
    public override string ToString() =>
        $"insights {string.Join(' ', Args)} → exit {ExitCode} in {Elapsed.TotalSeconds:0.0} s\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}
