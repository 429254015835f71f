using System.Net;
using System.Text;
using Platform.Insights.Ingest.Tests.Support;

namespace Platform.Insights.Host.Tests.Support;

/// <summary>A tiny HTTP target serving one fixed Prometheus exposition on <c>/metrics</c> until stopped.</summary>
public sealed class ScrapeTarget : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly byte[] _body;
    private readonly Task _loop;
    private int _scrapes;

    public ScrapeTarget(string exposition)
    {
        _body = Encoding.UTF8.GetBytes(exposition);
        Port = PrometheusProcess.FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public int Scrapes => Volatile.Read(ref _scrapes);

    /// <summary>Stops answering: Prometheus's next scrape fails and it writes stale markers for the target's series.</summary>
    public async Task StopAsync()
    {
        if (_listener.IsListening)
        {
            _listener.Stop();
        }
        await _loop;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _listener.Close();
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            if (await ListenerAccept.NextAsync(_listener) is not { } context)
            {
                return;
            }
            Interlocked.Increment(ref _scrapes);
            context.Response.ContentType = "text/plain; version=0.0.4";
            context.Response.ContentLength64 = _body.Length;
            await context.Response.OutputStream.WriteAsync(_body);
            context.Response.Close();
        }
    }
}
