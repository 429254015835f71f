using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Platform.Insights.Ingest.Tests.Support;

/// <summary>
/// An in-process HTTP server answering <c>/api/v1/query_range</c> in Prometheus's documented JSON: by default a matrix
/// from <see cref="Answer"/>, after any scripted answers (status + body) queued in <see cref="Script"/>. Records requests.
/// </summary>
public sealed class FakePrometheus : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private readonly List<FakeRequest> _requests = [];
    private readonly Queue<(int Status, string Body)> _script = new();

    public FakePrometheus()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Url + "/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public string Url { get; }

    /// <summary>The default answer to a request: the body of a successful query_range (default: <see cref="Matrix"/>).</summary>
    public Func<FakeRequest, string> Answer { get; set; } = r => Matrix(r, ProbeSeries);

    public IReadOnlyList<FakeRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public void Script(int status, string body)
    {
        lock (_script)
        {
            _script.Enqueue((status, body));
        }
    }

    /// <summary>probe_success for services a and b: a always 1, b 0 on every fifth step.</summary>
    public static readonly (string Labels, Func<long, double> Value)[] ProbeSeries =
    [
        ("\"__name__\":\"probe_success\",\"service\":\"a\",\"job\":\"blackbox\"", _ => 1),
        ("\"__name__\":\"probe_success\",\"service\":\"b\",\"job\":\"blackbox\"", t => t / 60_000 % 5 == 0 ? 0 : 1),
    ];

    /// <summary>A matrix with one point per step of the request for each series.</summary>
    public static string Matrix(FakeRequest request, IEnumerable<(string Labels, Func<long, double> Value)> series, string? warnings = null)
    {
        var text = new StringBuilder("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[");
        text.AppendJoin(',', series.Select(s =>
        {
            var points = new List<string>();
            for (var t = request.StartMs; t <= request.EndMs; t += request.StepMs)
            {
                points.Add($"[{(t / 1000m).ToString(CultureInfo.InvariantCulture)},\"{Format(s.Value(t))}\"]");
            }
            return $"{{\"metric\":{{{s.Labels}}},\"values\":[{string.Join(',', points)}]}}";
        }));
        text.Append("]}");
        if (warnings is not null)
        {
            text.Append($",\"warnings\":[\"{warnings}\"]");
        }
        return text.Append('}').ToString();
    }

    public static string Error(string errorType, string message) => $"{{\"status\":\"error\",\"errorType\":\"{errorType}\",\"error\":\"{message}\"}}";

    private static string Format(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            if (await ListenerAccept.NextAsync(_listener) is not { } context)
            {
                return;
            }
            var query = context.Request.QueryString;
            var request = new FakeRequest(
                context.Request.Url!.AbsolutePath, query["query"] ?? "", Ms(query["start"]), Ms(query["end"]), Ms(query["step"]),
                context.Request.Headers["Authorization"]);
            lock (_requests)
            {
                _requests.Add(request);
            }
            (int Status, string Body) answer;
            lock (_script)
            {
                answer = _script.Count > 0 ? _script.Dequeue() : (200, Answer(request));
            }
            var bytes = Encoding.UTF8.GetBytes(answer.Body);
            context.Response.StatusCode = answer.Status;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    private static long Ms(string? seconds) =>
        seconds is null ? 0 : (long)(decimal.Parse(seconds, CultureInfo.InvariantCulture) * 1000);

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
