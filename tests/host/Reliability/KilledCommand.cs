using System.Diagnostics;
using System.Text;
using Platform.Insights.Host.Tests.Support;

namespace Platform.Insights.Host.Tests.Reliability;

/// <summary>An <c>insights</c> verb started as its own process and killed with SIGKILL after a delay, unless it ends first.</summary>
public static class KilledCommand
{
    /// <summary>Runs <paramref name="args"/>, SIGKILLs it after <paramref name="after"/>; true when the kill came before it ended.</summary>
    public static async Task<bool> RunAndKillAsync(string workingDirectory, IReadOnlyList<string> args, TimeSpan after)
    {
        using var process = InsightsExe.Create(workingDirectory, args, null);
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        InsightsExe.Start(process, stdout, stderr);
        var exited = process.WaitForExitAsync();
        if (await Task.WhenAny(exited, Task.Delay(after)) == exited)
        {
            return false;
        }
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync(CancellationToken.None);
        return true;
    }
}
