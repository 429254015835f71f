using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Platform.Insights.Host.Tests.Support;

/// <summary>
/// Debian's <c>prometheus</c> (2.42) as a child process on a free loopback port with its own config and a temporary
/// TSDB directory; killed (with its tree) on dispose. Missing binary = a clear failure, never a skip.
/// </summary>
public sealed class PrometheusProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private PrometheusProcess(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
        Http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };
    }

    public string BaseUrl { get; }

    public HttpClient Http { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static string Binary() =>
        new[] { "/usr/bin/prometheus", "/usr/local/bin/prometheus" }.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException(
            "prometheus is not installed: the remote write test needs the real server (apt-get install -y --no-install-recommends prometheus; ./test.sh installs it)");

    /// <summary>Starts Prometheus with its TSDB in <c>DIRECTORY/tsdb</c> (where a test may have backfilled blocks), plus any extra flags.</summary>
    public static async Task<PrometheusProcess> StartAsync(string directory, string configYaml, IEnumerable<string>? extraArguments = null)
    {
        var binary = Binary();
        var port = FreePort();
        var config = Path.Combine(directory, "prometheus.yml");
        await File.WriteAllTextAsync(config, configYaml);
        var info = new ProcessStartInfo(binary)
        {
            ArgumentList =
            {
                $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(directory, "tsdb")}",
                $"--web.listen-address=127.0.0.1:{port}", "--log.level=info",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        foreach (var argument in extraArguments ?? [])
        {
            info.ArgumentList.Add(argument);
        }
        var process = new Process { StartInfo = info };
        var prometheus = new PrometheusProcess(process, $"http://127.0.0.1:{port}");
        process.OutputDataReceived += (_, e) => prometheus.Append(e.Data);
        process.ErrorDataReceived += (_, e) => prometheus.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => prometheus.Kill();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"prometheus exited with {process.ExitCode} at start:\n{prometheus.Output}");
            }
            try
            {
                using var ready = await prometheus.Http.GetAsync("/-/ready");
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    return prometheus;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        await prometheus.DisposeAsync();
        throw new TimeoutException($"prometheus was not ready within 30 s:\n{prometheus.Output}");
    }

    /// <summary>Replaces the configuration and reloads it (needs <c>--web.enable-lifecycle</c>): for a test whose targets start after Prometheus.</summary>
    public async Task ReloadAsync(string configYaml)
    {
        var config = _process.StartInfo.ArgumentList.First(a => a.StartsWith("--config.file=", StringComparison.Ordinal))["--config.file=".Length..];
        await File.WriteAllTextAsync(config, configYaml);
        using var response = await Http.PostAsync("/-/reload", content: null);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"reload: {(int)response.StatusCode} {body}\n{Output}");
    }

    /// <summary>
    /// Reloads with a 1 s scrape of an <c>insights serve</c>'s <c>/metrics</c> under job "insights", its bearer token read from
    /// <paramref name="tokenFile"/>; <paramref name="remoteWriteUrl"/> adds a remote write back with the same token.
    /// </summary>
    public Task ScrapeInsightsAsync(string serverBaseUrl, string tokenFile, string? remoteWriteUrl = null)
    {
        var uri = new Uri(serverBaseUrl);
        var remoteWrite = remoteWriteUrl is null ? "" : $$"""

            remote_write:
              - url: {{remoteWriteUrl}}
                authorization:
                  credentials_file: {{tokenFile}}
                queue_config:
                  batch_send_deadline: 200ms
            """;
        return ReloadAsync($$"""
            global:
              scrape_interval: 1s
              scrape_timeout: 900ms
            scrape_configs:
              - job_name: insights
                authorization:
                  credentials_file: {{tokenFile}}
                static_configs:
                  - targets: ['{{uri.Host}}:{{uri.Port}}']{{remoteWrite}}
            """);
    }

    /// <summary>An instant PromQL query: each result's labels (with <c>__name__</c> when kept) and value.</summary>
    public async Task<List<(Dictionary<string, string> Labels, double Value)>> QueryAsync(string promql)
    {
        using var response = await Http.GetAsync($"/api/v1/query?query={Uri.EscapeDataString(promql)}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{promql}: {(int)response.StatusCode} {text}");
        using var json = JsonDocument.Parse(text);
        return [.. json.RootElement.GetProperty("data").GetProperty("result").EnumerateArray().Select(r => (
            r.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!),
            double.Parse(r.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture)))];
    }

    /// <summary>The value of one of Prometheus's own series on its /metrics (summed over label sets), 0 when absent.</summary>
    public async Task<double> OwnMetricAsync(string name)
    {
        var text = await Http.GetStringAsync("/metrics");
        return text.Split('\n')
            .Where(line => line.StartsWith(name + " ", StringComparison.Ordinal) || line.StartsWith(name + "{", StringComparison.Ordinal))
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
    }

    public override string ToString() => $"prometheus at {BaseUrl}\n{Output}";

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Kill();
        await _process.WaitForExitAsync(CancellationToken.None);
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
