using System.Diagnostics;

namespace Platform.Insights.Reports.Tests.Support;

/// <summary>Runs Debian's chromium / poppler tools for the rendering proofs (test.sh installs them).</summary>
public static class Chromium
{
    public static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Headless flags, with a throwaway profile and console messages logged to stderr.</summary>
    public static string[] Headless(string profile, params string[] more) =>
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", $"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0", .. more,
    ];
}
