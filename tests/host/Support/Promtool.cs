using System.Diagnostics;

namespace Platform.Insights.Host.Tests.Support;

/// <summary>Debian's <c>promtool</c> (shipped with the <c>prometheus</c> package): missing = a clear failure, never a skip.</summary>
public static class Promtool
{
    public static string Binary() =>
        new[] { "/usr/bin/promtool", "/usr/local/bin/promtool" }.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("promtool is not installed: it comes with prometheus (apt-get install -y --no-install-recommends prometheus; ./test.sh installs it)");

    /// <summary><c>promtool tsdb create-blocks-from openmetrics FILE DIR</c>: TSDB blocks Prometheus loads at start.</summary>
    public static async Task CreateBlocksFromOpenMetricsAsync(string file, string tsdbDirectory)
    {
        Directory.CreateDirectory(tsdbDirectory);
        var info = new ProcessStartInfo(Binary())
        {
            ArgumentList = { "tsdb", "create-blocks-from", "openmetrics", file, tsdbDirectory },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"promtool exited with {process.ExitCode}:\n{await stdout}\n{await stderr}");
    }
}
