using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Platform.Insights.Ingest.Tests.Support;

namespace Platform.Insights.Dashboards.Tests.Support;

/// <summary>
/// An in-process HTTP server answering as Grafana's documented folder and dashboard APIs do (docs/sources/developers/
/// http_api/folder.md and dashboard.md): <c>GET/POST /api/folders</c>, <c>GET /api/folders/{uid}</c>,
/// <c>GET /api/dashboards/uid/{uid}</c> (404 <c>Dashboard not found</c>) and <c>POST /api/dashboards/db</c> (version + 1
/// per save; 412 <c>name-exists</c> for a title taken in the folder by another uid; 412 <c>version-mismatch</c> without
/// overwrite; 400 for a provisioned dashboard). Bearer token checked (401). Scripted answers come first; requests are recorded.
/// </summary>
public sealed class FakeGrafana : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private readonly List<(string Method, string Path, string Authorization, string Body)> _requests = [];
    private readonly Queue<(int Status, string Body)> _script = new();
    private readonly object _gate = new();
    private int _nextId = 1;

    public FakeGrafana(string token)
    {
        Token = token;
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

    public string Token { get; }

    /// <summary>uid → (id, title).</summary>
    public Dictionary<string, (int Id, string Title)> Folders { get; } = new(StringComparer.Ordinal);

    /// <summary>uid → stored dashboard JSON (with id, uid, version), its folder and whether it was provisioned from files.</summary>
    public Dictionary<string, (JsonObject Dashboard, string FolderUid, bool Provisioned)> Dashboards { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<(string Method, string Path, string Authorization, string Body)> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public int Saves => Requests.Count(r => r.Method == "POST" && r.Path == "/api/dashboards/db");

    public void Script(int status, string body)
    {
        lock (_gate)
        {
            _script.Enqueue((status, body));
        }
    }

    public void AddFolder(string uid, string title)
    {
        lock (_gate)
        {
            Folders[uid] = (_nextId++, title);
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            if (await ListenerAccept.NextAsync(_listener) is not { } context)
            {
                return;
            }
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var method = context.Request.HttpMethod;
            var path = context.Request.Url!.AbsolutePath;
            var authorization = context.Request.Headers["Authorization"] ?? "";
            (int Status, string Body) answer;
            lock (_gate)
            {
                _requests.Add((method, path, authorization, body));
                answer = _script.Count > 0 ? _script.Dequeue()
                    : authorization != "Bearer " + Token ? (401, "{\"message\":\"Unauthorized\"}")
                    : Answer(method, path, body);
            }
            var bytes = Encoding.UTF8.GetBytes(answer.Body);
            context.Response.StatusCode = answer.Status;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    private (int, string) Answer(string method, string path, string body)
    {
        switch (method, path)
        {
            case ("GET", "/api/folders"):
                return (200, new JsonArray([.. Folders.Select(f => (JsonNode)new JsonObject { ["id"] = f.Value.Id, ["uid"] = f.Key, ["title"] = f.Value.Title })]).ToJsonString());
            case ("POST", "/api/folders"):
                var folder = JsonNode.Parse(body)!;
                var uid = folder["uid"]!.GetValue<string>();
                var title = folder["title"]!.GetValue<string>();
                if (Folders.ContainsKey(uid) || Folders.Values.Any(f => f.Title == title))
                {
                    return (409, "{\"message\":\"a folder with the same name already exists\"}");
                }
                Folders[uid] = (_nextId++, title);
                return (200, FolderJson(uid).ToJsonString());
            case ("GET", _) when path.StartsWith("/api/folders/", StringComparison.Ordinal):
                var folderUid = path["/api/folders/".Length..];
                return Folders.ContainsKey(folderUid) ? (200, FolderJson(folderUid).ToJsonString()) : (404, "{\"message\":\"folder not found\"}");
            case ("GET", _) when path.StartsWith("/api/dashboards/uid/", StringComparison.Ordinal):
                var dashboardUid = path["/api/dashboards/uid/".Length..];
                if (!Dashboards.TryGetValue(dashboardUid, out var stored))
                {
                    return (404, "{\"message\":\"Dashboard not found\"}");
                }
                return (200, new JsonObject
                {
                    ["dashboard"] = stored.Dashboard.DeepClone(),
                    ["meta"] = new JsonObject
                    {
                        ["isStarred"] = false,
                        ["url"] = $"/d/{dashboardUid}/slug",
                        ["folderUid"] = stored.FolderUid,
                        ["folderTitle"] = Folders.TryGetValue(stored.FolderUid, out var f) ? f.Title : "",
                        ["provisioned"] = stored.Provisioned,
                        ["version"] = stored.Dashboard["version"]!.GetValue<int>(),
                    },
                }.ToJsonString());
            case ("POST", "/api/dashboards/db"):
                return Save(JsonNode.Parse(body)!.AsObject());
            default:
                return (404, "{\"message\":\"Not found\"}");
        }
    }

    private (int, string) Save(JsonObject request)
    {
        var dashboard = request["dashboard"]!.AsObject();
        var uid = dashboard["uid"]!.GetValue<string>();
        var title = dashboard["title"]!.GetValue<string>();
        var folderUid = request["folderUid"]?.GetValue<string>() ?? "";
        var overwrite = request["overwrite"]?.GetValue<bool>() ?? false;
        if (folderUid.Length > 0 && !Folders.ContainsKey(folderUid))
        {
            return (400, "{\"message\":\"folder not found\"}");
        }
        if (Dashboards.Any(d => d.Key != uid && d.Value.FolderUid == folderUid && d.Value.Dashboard["title"]!.GetValue<string>() == title))
        {
            return (412, "{\"message\":\"A dashboard with the same name in the folder already exists\",\"status\":\"name-exists\"}");
        }
        var exists = Dashboards.TryGetValue(uid, out var old);
        if (exists && old.Provisioned)
        {
            return (400, "{\"message\":\"Cannot save provisioned dashboard\"}");
        }
        var oldVersion = exists ? old.Dashboard["version"]!.GetValue<int>() : 0;
        if (exists && !overwrite && dashboard["version"]?.GetValue<int>() != oldVersion)
        {
            return (412, "{\"message\":\"The dashboard has been changed by someone else\",\"status\":\"version-mismatch\"}");
        }
        var id = exists ? old.Dashboard["id"]!.GetValue<int>() : _nextId++;
        var copy = dashboard.DeepClone().AsObject();
        copy["id"] = id;
        copy["version"] = oldVersion + 1;
        Dashboards[uid] = (copy, folderUid, false);
        return (200, new JsonObject
        {
            ["id"] = id,
            ["uid"] = uid,
            ["url"] = $"/d/{uid}/slug",
            ["status"] = "success",
            ["version"] = oldVersion + 1,
            ["slug"] = "slug",
        }.ToJsonString());
    }

    private JsonObject FolderJson(string uid) => new()
    {
        ["id"] = Folders[uid].Id,
        ["uid"] = uid,
        ["title"] = Folders[uid].Title,
        ["url"] = $"/dashboards/f/{uid}/slug",
        ["version"] = 1,
    };

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
