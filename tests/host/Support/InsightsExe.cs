using System.Diagnostics;
using System.Text;

namespace Platform.Insights.Host.Tests.Support;

/// <summary>
/// Runs the built <c>insights</c> executable (<c>insights.dll</c> beside the tests) as a child process:
/// <c>dotnet insights.dll ARGS</c> in a given working directory, with output captured and a timeout that
/// kills the whole process tree.
/// </summary>
public static class InsightsExe
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

    public static string Dll { get; } = Path.Combine(AppContext.BaseDirectory, "insights.dll");

    /// <summary>The folder holding Platform.Insights.sln, found by walking up from the test binaries.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The shared data folder beside the repository (<c>../shared</c>).</summary>
    public static string SharedDirectory => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));

    public static string FocusSample => Path.Combine(SharedDirectory, "data", "billing", "focus_1.0_sample_1000.csv");

    public static async Task<CliResult> RunAsync(
        string workingDirectory, IReadOnlyList<string> args, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        using var process = Create(workingDirectory, args, environment);
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var clock = Stopwatch.StartNew();
        Start(process, stdout, stderr);
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            KillTree(process);
            await process.WaitForExitAsync(CancellationToken.None);
            throw new TimeoutException(
                $"insights {string.Join(' ', args)} did not finish within {(timeout ?? DefaultTimeout).TotalSeconds:0} s; killed.\n--- stdout ---\n{Text(stdout)}\n--- stderr ---\n{Text(stderr)}");
        }
        // The parameterless overload waits until redirected output has been read to the end.
        process.WaitForExit();
        return new CliResult([.. args], process.ExitCode, Text(stdout), Text(stderr), clock.Elapsed);
    }

    internal static Process Create(string workingDirectory, IReadOnlyList<string> args, IReadOnlyDictionary<string, string>? environment)
    {
        var info = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add(Dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        // Nothing from the test runner's environment may configure the child behind the test's back.
        foreach (var key in info.Environment.Keys.ToList())
        {
            if (key.StartsWith("Insights__", StringComparison.OrdinalIgnoreCase) || key.Equals("INSIGHTS_DATA", StringComparison.OrdinalIgnoreCase))
            {
                info.Environment.Remove(key);
            }
        }
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }
        return new Process { StartInfo = info };
    }

    internal static void Start(Process process, StringBuilder stdout, StringBuilder stderr)
    {
        process.OutputDataReceived += (_, e) => Append(stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(stderr, e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    internal static string Text(StringBuilder buffer)
    {
        lock (buffer)
        {
            return buffer.ToString();
        }
    }

    internal static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static void Append(StringBuilder buffer, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (buffer)
        {
            buffer.AppendLine(line);
        }
    }

    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }
        if (Environment.ProcessPath is { } current && Path.GetFileNameWithoutExtension(current) == "dotnet")
        {
            return current;
        }
        return "dotnet";
    }

    private static string FindRepoRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Platform.Insights.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No Platform.Insights.sln above {AppContext.BaseDirectory}");
    }
}
