using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using Platform.Insights.Ingest.Tests.Support;

namespace Platform.Insights.Host.Tests.Support;

/// <summary>
/// A fake Prometheus answering <c>/api/v1/query_range</c> with one series (value 1 at every step of the asked range),
/// each answer held back by <paramref name="delay"/> so a pull is in flight long enough to overlap another silo's. Every
/// request is appended to <paramref name="log"/> as (this upstream's name, the asked <c>start</c>), so several upstreams
/// (one per silo) share one record of which window was asked how often, and by whom.
/// </summary>
public sealed class RangeUpstream : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string _name;
    private readonly ConcurrentQueue<(string Upstream, string Start)> _log;
    private readonly TimeSpan _delay;
    private readonly Task _loop;

    public RangeUpstream(string name, ConcurrentQueue<(string Upstream, string Start)> log, TimeSpan delay)
    {
        _name = name;
        _log = log;
        _delay = delay;
        Port = PrometheusProcess.FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    public async ValueTask DisposeAsync()
    {
        if (_listener.IsListening)
        {
            _listener.Stop();
        }
        await _loop;
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
            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        try
        {
            var query = context.Request.QueryString;
            var start = query["start"] ?? "";
            _log.Enqueue((_name, start));
            await Task.Delay(_delay);
            var from = decimal.Parse(start, CultureInfo.InvariantCulture);
            var to = decimal.Parse(query["end"] ?? start, CultureInfo.InvariantCulture);
            var step = decimal.Parse(query["step"] ?? "1", CultureInfo.InvariantCulture);
            var values = new List<string>();
            for (var t = from; t <= to; t += step)
            {
                values.Add(string.Create(CultureInfo.InvariantCulture, $"[{t},\"1\"]"));
            }
            var body = Encoding.UTF8.GetBytes(
                """{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__name__":"pulled_up","service":"pulled"},"values":["""
                + string.Join(',', values) + "]}]}}");
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException or IOException)
        {
            // The asking silo was killed mid-answer.
        }
    }
}
