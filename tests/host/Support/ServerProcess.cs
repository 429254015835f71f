using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace Platform.Insights.Host.Tests.Support;

/// <summary>
/// <c>insights serve</c> as a child process on a free loopback port: started, polled on <c>/healthz</c>
/// until it answers 200, and stopped with SIGTERM (as an orchestrator would) to observe a clean exit.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private int? _exitCode;

    private ServerProcess(Process process, string baseUrl, string dataDirectory)
    {
        _process = process;
        BaseUrl = baseUrl;
        DataDirectory = dataDirectory;
        Http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };
    }

    public string BaseUrl { get; }

    public string DataDirectory { get; }

    public int ProcessId => _process.Id;

    public HttpClient Http { get; }

    public string Stdout => InsightsExe.Text(_stdout);

    public string Stderr => InsightsExe.Text(_stderr);

    /// <summary>The local admin token the server wrote into its data directory (only when no tokens are configured).</summary>
    public string LocalToken => File.ReadAllText(Path.Combine(DataDirectory, "local-token")).Trim();

    public static async Task<ServerProcess> StartAsync(
        string workingDirectory, string dataDirectory, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? readyTimeout = null,
        IReadOnlyList<string>? extraArguments = null, int? port = null)
    {
        port ??= FreePort();
        var url = $"http://127.0.0.1:{port}";
        var process = InsightsExe.Create(workingDirectory, ["serve", "--urls", url, "--data", dataDirectory, .. extraArguments ?? []], environment);
        var server = new ServerProcess(process, url, dataDirectory);
        InsightsExe.Start(process, server._stdout, server._stderr);
        // Never leave a server behind if the test host goes away without disposing it.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.KillIfRunning();
        try
        {
            await server.WaitHealthyAsync(readyTimeout ?? TimeSpan.FromSeconds(60));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    public HttpRequestMessage Request(HttpMethod method, string path, string? token = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return request;
    }

    /// <summary>GETs <paramref name="path"/>, asserts 200 (naming the path and body otherwise) and returns the JSON array's elements.</summary>
    public async Task<List<System.Text.Json.JsonElement>> GetArrayAsync(string path, string token)
    {
        using var response = await GetAsync(path, token);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
        using var json = System.Text.Json.JsonDocument.Parse(body);
        return [.. json.RootElement.EnumerateArray().Select(e => e.Clone())];
    }

    public async Task<HttpResponseMessage> GetAsync(string path, string? token = null)
    {
        using var request = Request(HttpMethod.Get, path, token);
        return await Http.SendAsync(request);
    }

    /// <summary>Sends SIGTERM and waits for the process to exit; returns its exit code.</summary>
    public async Task<int> StopAsync(TimeSpan? timeout = null)
    {
        if (_exitCode is { } known)
        {
            return known;
        }
        if (!_process.HasExited)
        {
            using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false })!;
            await kill.WaitForExitAsync();
        }
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            InsightsExe.KillTree(_process);
            await _process.WaitForExitAsync(CancellationToken.None);
            throw new TimeoutException($"insights serve did not stop within 60 s of SIGTERM; killed.\n{this}");
        }
        _process.WaitForExit();
        _exitCode = _process.ExitCode;
        return _exitCode.Value;
    }

    /// <summary>SIGKILL, as a crashed node or an OOM kill: no shutdown, no grain deactivation, no membership goodbye.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync(CancellationToken.None);
        _exitCode = _process.ExitCode;
    }

    public override string ToString() => $"insights serve at {BaseUrl} (pid {_process.Id})\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (_exitCode is null)
        {
            try
            {
                await StopAsync(TimeSpan.FromSeconds(30));
            }
            catch (TimeoutException)
            {
                // Already killed by StopAsync.
            }
        }
        _process.Dispose();
    }

    private void KillIfRunning()
    {
        try
        {
            if (!_process.HasExited)
            {
                InsightsExe.KillTree(_process);
            }
        }
        catch (InvalidOperationException)
        {
            // Disposed or never started.
        }
    }

    private async Task WaitHealthyAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        using var probe = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(5) };
        while (clock.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                _process.WaitForExit();
                throw new InvalidOperationException($"insights serve exited with {_process.ExitCode} before it was healthy.\n{this}");
            }
            try
            {
                using var response = await probe.GetAsync("/healthz");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"insights serve was not healthy within {timeout.TotalSeconds:0} s.\n{this}");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
