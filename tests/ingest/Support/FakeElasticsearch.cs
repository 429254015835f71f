using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Platform.Insights.Ingest.Tests.Support;

/// <summary>
/// An in-process HTTP server answering as Elasticsearch's REST API documents it, for what the pull uses:
/// <c>POST /{index}/_pit</c> (<c>{"id": …}</c>), <c>POST /_search</c> with <c>pit</c>, a bool filter with a
/// <c>range</c> on the timestamp field, <c>sort</c> (timestamp, then <c>_shard_doc</c> or a field) and
/// <c>search_after</c> (hits carry <c>sort</c> values, the answer a <c>pit_id</c>), and <c>DELETE /_pit</c>. Every answer
/// carries <c>X-Elastic-Product: Elasticsearch</c>, which the .NET client checks. Error answers use Elasticsearch's
/// <c>{"error": {"root_cause": […], "type", "reason"}, "status"}</c> body; scripted answers replace the next ones.
/// Like a real server of major version <see cref="ServerMajor"/> it checks the media types: a request whose <c>Accept</c>
/// or <c>Content-Type</c> asks <c>compatible-with=N</c> for an N other than that major or the one before, or whose two
/// headers ask different versions, gets 400 <c>media_type_header_exception</c>.
/// </summary>
public sealed class FakeElasticsearch : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private readonly List<FakeElasticsearchRequest> _requests = [];
    private readonly Queue<(string Operation, int Status, string Body)> _script = new();
    private readonly HashSet<string> _livePits = [];
    private readonly List<(long Ms, int Ordinal, string Index, string Id, string Source, string? Tiebreak)> _documents = [];
    private int _pits;

    public FakeElasticsearch()
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

    /// <summary>The Elasticsearch major version emulated (8 by default, what most ELK stacks run).</summary>
    public int ServerMajor { get; set; } = 8;

    /// <summary>The field the documents are sorted on second when the request does not sort on <c>_shard_doc</c>.</summary>
    public string TiebreakField { get; set; } = "event.id";

    /// <summary>When set, the credentials every request must carry (<c>Authorization</c> header value); else 401.</summary>
    public string? RequiredAuthorization { get; set; }

    public IReadOnlyList<FakeElasticsearchRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public IReadOnlyList<FakeElasticsearchRequest> Searches => [.. Requests.Where(r => r.Operation == "search")];

    /// <summary>Adds a document to <paramref name="index"/>; its timestamp is read from <c>@timestamp</c>, or the top-level <paramref name="timestampField"/>.</summary>
    public void Add(string index, string id, string source, string timestampField = "@timestamp")
    {
        var node = JsonNode.Parse(source)!;
        var ms = DateTimeOffset.Parse(node[timestampField]!.GetValue<string>(), CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
        var tiebreak = Dotted(node, TiebreakField);
        lock (_documents)
        {
            _documents.Add((ms, _documents.Count, index, id, source, tiebreak));
        }
    }

    /// <summary>The next request of <paramref name="operation"/> (open_pit, search, close_pit) gets this answer instead.</summary>
    public void Script(string operation, int status, string body)
    {
        lock (_script)
        {
            _script.Enqueue((operation, status, body));
        }
    }

    /// <summary>Every point in time opened so far expires: searches on it get 404 <c>search_context_missing_exception</c>.</summary>
    public void ExpirePointsInTime()
    {
        lock (_livePits)
        {
            _livePits.Clear();
        }
    }

    public static string Error(int status, string type, string reason) =>
        $$"""{"error":{"root_cause":[{"type":"{{type}}","reason":"{{reason}}"}],"type":"{{type}}","reason":"{{reason}}"},"status":{{status}}}""";

    public static string PitMissing(string pit) =>
        $$$"""{"error":{"root_cause":[{"type":"search_context_missing_exception","reason":"No search context found for id [{{{pit}}}]"}],"type":"search_phase_execution_exception","reason":"all shards failed","phase":"query","grouped":true,"failed_shards":[{"shard":-1,"index":null,"reason":{"type":"search_context_missing_exception","reason":"No search context found for id [{{{pit}}}]"}}]},"status":404}""";

    /// <summary>A 200 search answer with one of three shards failed and no hits (a partial page).</summary>
    public static string ShardFailure(string pit) =>
        $$$"""{"pit_id":"{{{pit}}}","took":3,"timed_out":false,"_shards":{"total":3,"successful":2,"skipped":0,"failed":1,"failures":[{"shard":1,"index":"logs-a","node":"n1","reason":{"type":"node_not_connected_exception","reason":"[n1][10.0.0.1:9300] Node not connected"}}]},"hits":{"max_score":null,"hits":[]}}""";

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            if (await ListenerAccept.NextAsync(_listener) is not { } context)
            {
                return;
            }
            try
            {
                await AnswerAsync(context);
            }
            catch (Exception e) when (e is HttpListenerException or IOException)
            {
                // The client went away.
            }
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var request = context.Request;
        Stream input = request.InputStream;
        if (string.Equals(request.Headers["Content-Encoding"], "gzip", StringComparison.OrdinalIgnoreCase))
        {
            input = new GZipStream(input, CompressionMode.Decompress);
        }
        string body;
        using (var text = new StreamReader(input, Encoding.UTF8))
        {
            body = await text.ReadToEndAsync();
        }
        var path = Uri.UnescapeDataString(request.Url!.AbsolutePath);
        var operation = request.HttpMethod == "DELETE" && path == "/_pit" ? "close_pit"
            : path.EndsWith("/_pit", StringComparison.Ordinal) ? "open_pit"
            : path.EndsWith("/_search", StringComparison.Ordinal) ? "search" : "other";
        var recorded = new FakeElasticsearchRequest(request.HttpMethod, path, request.Url.Query, operation, body, request.Headers["Authorization"],
            request.Headers["Accept"], request.Headers["Content-Type"]);
        lock (_requests)
        {
            _requests.Add(recorded);
        }
        int status;
        string answer;
        try
        {
            (status, answer) = Respond(recorded);
        }
        catch (Exception e) when (e is NullReferenceException or InvalidOperationException or FormatException or JsonException)
        {
            // A request this fake does not understand: say so in Elasticsearch's error shape, so the test fails with it.
            (status, answer) = (400, Error(400, "parsing_exception", JsonEncodedText.Encode($"fake cannot read {request.Url.PathAndQuery} {body}: {e.Message}").ToString()));
        }
        var bytes = Encoding.UTF8.GetBytes(answer);
        context.Response.StatusCode = status;
        context.Response.ContentType = answer.StartsWith('<') ? "text/html" : "application/json";
        context.Response.Headers["X-Elastic-Product"] = "Elasticsearch";
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

    private (int Status, string Body) Respond(FakeElasticsearchRequest request)
    {
        if (FakeElasticsearchMediaTypes.Problem(request, ServerMajor) is { } refused)
        {
            return (400, refused);
        }
        if (RequiredAuthorization is not null && request.Authorization != RequiredAuthorization)
        {
            return (401, """{"error":{"root_cause":[{"type":"security_exception","reason":"unable to authenticate user [ingest] for REST request [/_search]","header":{"WWW-Authenticate":["Basic realm=\"security\", charset=\"UTF-8\"","ApiKey"]}}],"type":"security_exception","reason":"unable to authenticate user [ingest] for REST request [/_search]","header":{"WWW-Authenticate":["Basic realm=\"security\", charset=\"UTF-8\"","ApiKey"]}},"status":401}""");
        }
        lock (_script)
        {
            if (_script.Count > 0 && _script.Peek().Operation == request.Operation)
            {
                var (_, status, body) = _script.Dequeue();
                return (status, body);
            }
        }
        return request.Operation switch
        {
            "open_pit" => OpenPit(request),
            "search" => Search(request),
            "close_pit" => (200, """{"succeeded":true,"num_freed":1}"""),
            _ => (400, Error(400, "illegal_argument_exception", $"unexpected {request.Method} {request.Path}")),
        };
    }

    private (int, string) OpenPit(FakeElasticsearchRequest request)
    {
        var id = $"pit-{Interlocked.Increment(ref _pits)}|{request.Path.Trim('/').Split('/')[0]}";
        lock (_livePits)
        {
            _livePits.Add(id);
        }
        return (200, $$$"""{"id":"{{{id}}}","_shards":{"total":1,"successful":1,"skipped":0,"failed":0}}""");
    }

    private (int, string) Search(FakeElasticsearchRequest request)
    {
        var body = JsonNode.Parse(request.Body)!;
        var pit = body["pit"]!["id"]!.GetValue<string>();
        lock (_livePits)
        {
            if (!_livePits.Contains(pit))
            {
                return (404, PitMissing(pit));
            }
        }
        var patterns = pit.Split('|')[1].Split(',');
        // The bool filter is an array, or a single query object (both are Elasticsearch's documented forms).
        var filter = body["query"]!["bool"]!["filter"]!;
        var range = (filter is JsonArray filters ? filters[0]! : filter)["range"]!.AsObject().First().Value!;
        var gte = DateTimeOffset.Parse(range["gte"]!.GetValue<string>(), CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
        var lt = DateTimeOffset.Parse(range["lt"]!.GetValue<string>(), CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
        var byShardDoc = body["sort"]![1]!.AsObject().First().Key == "_shard_doc";
        var size = body["size"]?.GetValue<int>() ?? 10;
        var after = body["search_after"]?.AsArray();
        List<(long Ms, int Ordinal, string Index, string Id, string Source, string? Tiebreak)> matching;
        lock (_documents)
        {
            matching = [.. _documents.Where(d => d.Ms >= gte && d.Ms < lt && patterns.Any(p => Matches(p, d.Index)))];
        }
        IEnumerable<(long Ms, int Ordinal, string Index, string Id, string Source, string? Tiebreak)> ordered = byShardDoc
            ? matching.OrderBy(d => d.Ms).ThenBy(d => d.Ordinal)
            : matching.OrderBy(d => d.Ms).ThenBy(d => d.Tiebreak, StringComparer.Ordinal);
        if (after is not null)
        {
            var afterMs = after[0]!.GetValue<long>();
            ordered = byShardDoc
                ? ordered.Where(d => d.Ms > afterMs || (d.Ms == afterMs && d.Ordinal > after[1]!.GetValue<long>()))
                : ordered.Where(d => d.Ms > afterMs || (d.Ms == afterMs && string.CompareOrdinal(d.Tiebreak, after[1]!.GetValue<string>()) > 0));
        }
        var hits = ordered.Take(size).Select(d =>
        {
            var tiebreak = byShardDoc ? d.Ordinal.ToString(CultureInfo.InvariantCulture) : JsonSerializer.Serialize(d.Tiebreak);
            return $$"""{"_index":"{{d.Index}}","_id":"{{d.Id}}","_score":null,"_source":{{d.Source}},"sort":[{{d.Ms}},{{tiebreak}}]}""";
        });
        return (200, $$$"""{"pit_id":"{{{pit}}}","took":1,"timed_out":false,"_shards":{"total":1,"successful":1,"skipped":0,"failed":0},"hits":{"max_score":null,"hits":[{{{string.Join(',', hits)}}}]}}""");
    }

    private static bool Matches(string pattern, string index) =>
        pattern.EndsWith('*') ? index.StartsWith(pattern[..^1], StringComparison.Ordinal) : index == pattern;

    private static string? Dotted(JsonNode node, string path)
    {
        if (node[path] is { } flat)
        {
            return flat.ToString();
        }
        JsonNode? current = node;
        foreach (var part in path.Split('.'))
        {
            current = current?[part];
        }
        return current?.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
