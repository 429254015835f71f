using System.Net;
using System.Net.Sockets;
using System.Text;
using Platform.Insights.Ingest.Tests.Support;

namespace Platform.Insights.Ingest.Tests.Resilience;

/// <summary>
/// An in-process HTTP server that misbehaves on cue: each request takes the next scripted behaviour (an HTTP status, or
/// <see cref="Hang"/>: never answer), then <see cref="Otherwise"/>. <see cref="WaitForRequestsAsync"/> lets a test
/// advance a fake clock only once a request has really arrived (no sleeps).
/// </summary>
public sealed class FakeUpstream : IAsyncDisposable
{
    public const int Hang = -1;
    private readonly HttpListener _listener = new();
    private readonly Queue<int> _script = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly List<(int Count, TaskCompletionSource Seen)> _waiters = [];
    private int _requests;

    public FakeUpstream()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = $"http://127.0.0.1:{port}/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public string Url { get; }

    /// <summary>What a request gets once the script is used up: a status, or <see cref="Hang"/>.</summary>
    public int Otherwise { get; set; } = 200;

    public int Requests => Volatile.Read(ref _requests);

    public void Script(params int[] behaviours)
    {
        lock (_script)
        {
            foreach (var b in behaviours)
            {
                _script.Enqueue(b);
            }
        }
    }

    public Task WaitForRequestsAsync(int count)
    {
        lock (_waiters)
        {
            if (_requests >= count)
            {
                return Task.CompletedTask;
            }
            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, seen));
            return seen.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            if (await ListenerAccept.NextAsync(_listener) is not { } context)
            {
                return;
            }
            int behaviour;
            lock (_script)
            {
                behaviour = _script.Count > 0 ? _script.Dequeue() : Otherwise;
            }
            lock (_waiters)
            {
                _requests++;
                foreach (var w in _waiters.Where(w => w.Count <= _requests).ToList())
                {
                    w.Seen.TrySetResult();
                    _waiters.Remove(w);
                }
            }
            if (behaviour == Hang)
            {
                continue; // never answered: the client's timeout (or our disposal) ends it
            }
            context.Response.StatusCode = behaviour;
            var body = Encoding.UTF8.GetBytes("{\"status\":\"" + behaviour + "\"}");
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (ObjectDisposedException)
        {
        }
        _stop.Dispose();
    }
}
