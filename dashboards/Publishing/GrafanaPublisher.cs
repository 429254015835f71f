using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Platform.Insights.Dashboards.Model;
using Platform.Insights.Dashboards.Provisioning;

namespace Platform.Insights.Dashboards.Publishing;

/// <summary>
/// Publishes a dashboard set into a Grafana folder through the HTTP API, idempotently: the folder is found by its stable
/// uid (or its title) and created only when missing; each dashboard is read by uid first and saved
/// (<c>POST /api/dashboards/db</c>, <c>overwrite: true</c>) only when Grafana's copy lacks something the generated one
/// says or sits in another folder — so a second run reports every dashboard unchanged and adds no version.
/// </summary>
public sealed partial class GrafanaPublisher(GrafanaClient client, ILogger logger)
{
    public const string CommitMessage = "insights dashboards publish";

    public async Task<PublishReport> PublishAsync(IReadOnlyList<Dashboard> dashboards, string folderTitle, bool dryRun, CancellationToken cancellationToken)
    {
        var (folderUid, folderOutcome) = await EnsureFolderAsync(folderTitle, dryRun, cancellationToken);
        var results = new List<PublishedDashboard>();
        foreach (var dashboard in dashboards)
        {
            try
            {
                results.Add(await PublishOneAsync(dashboard, folderUid, dryRun, cancellationToken));
            }
            catch (GrafanaApiException e) when (!e.IsAuthFailure)
            {
                results.Add(new PublishedDashboard(dashboard.Uid, dashboard.Title, PublishOutcome.Failed, null, null, e.Message));
            }
            LogDashboard(logger, dashboard.Uid, results[^1].Outcome);
        }
        return new PublishReport(folderUid, folderTitle, folderOutcome, results);
    }

    private async Task<(string Uid, PublishOutcome Outcome)> EnsureFolderAsync(string title, bool dryRun, CancellationToken cancellationToken)
    {
        var uid = GrafanaFolder.UidFor(title);
        var (status, body) = await client.SendAsync(HttpMethod.Get, "api/folders?limit=1000", null, cancellationToken);
        Ensure(status, body, "GET /api/folders", HttpStatusCode.OK);
        var folders = (body as JsonArray ?? []).OfType<JsonObject>().ToList();
        if (folders.Any(f => Text(f, "uid") == uid))
        {
            return (uid, PublishOutcome.Unchanged);
        }
        // A folder someone made by hand with the same title is used as it is, rather than failing on Grafana's name check.
        if (folders.FirstOrDefault(f => string.Equals(Text(f, "title"), title, StringComparison.OrdinalIgnoreCase)) is { } byTitle)
        {
            return (Text(byTitle, "uid")!, PublishOutcome.Unchanged);
        }
        if (dryRun)
        {
            return (uid, PublishOutcome.WouldCreate);
        }
        (status, body) = await client.SendAsync(HttpMethod.Post, "api/folders", new JsonObject { ["uid"] = uid, ["title"] = title }, cancellationToken);
        if (status == HttpStatusCode.Conflict)
        {
            throw new GrafanaApiException(status, null,
                $"Grafana refused to create folder '{title}' (uid {uid}): {Message(body)} (409) — a folder with that uid or title exists but this token cannot see it");
        }
        Ensure(status, body, "POST /api/folders", HttpStatusCode.OK);
        return (uid, PublishOutcome.Created);
    }

    private async Task<PublishedDashboard> PublishOneAsync(Dashboard dashboard, string folderUid, bool dryRun, CancellationToken cancellationToken)
    {
        var ours = JsonNode.Parse(DashboardJson.Serialize(dashboard))!.AsObject();
        JsonObject? stored = null;
        var (status, body) = await client.SendAsync(HttpMethod.Get, $"api/dashboards/uid/{Uri.EscapeDataString(dashboard.Uid)}", null, cancellationToken);
        if (status != HttpStatusCode.NotFound)
        {
            Ensure(status, body, $"GET /api/dashboards/uid/{dashboard.Uid}", HttpStatusCode.OK);
            stored = body as JsonObject;
        }
        if (stored is not null)
        {
            var meta = stored["meta"] as JsonObject;
            var sameFolder = Text(meta, "folderUid") == folderUid;
            if (sameFolder && JsonSubset.Holds(Comparable(ours), stored["dashboard"]))
            {
                return new PublishedDashboard(dashboard.Uid, dashboard.Title, PublishOutcome.Unchanged, Int(stored["dashboard"], "version"), Text(meta, "url"), null);
            }
            if (meta?["provisioned"]?.GetValue<bool>() == true)
            {
                return new PublishedDashboard(dashboard.Uid, dashboard.Title, PublishOutcome.Failed, Int(stored["dashboard"], "version"), Text(meta, "url"),
                    "provisioned from files on that Grafana, which refuses API saves: regenerate the files (insights dashboards generate) instead");
            }
        }
        if (dryRun)
        {
            return new PublishedDashboard(dashboard.Uid, dashboard.Title, stored is null ? PublishOutcome.WouldCreate : PublishOutcome.WouldUpdate, null, null, null);
        }
        var request = new JsonObject
        {
            ["dashboard"] = ours,
            ["folderUid"] = folderUid,
            ["overwrite"] = true,
            ["message"] = CommitMessage,
        };
        var (saveStatus, saved) = await client.SendAsync(HttpMethod.Post, "api/dashboards/db", request, cancellationToken);
        Ensure(saveStatus, saved, $"POST /api/dashboards/db ({dashboard.Uid})", HttpStatusCode.OK);
        return new PublishedDashboard(dashboard.Uid, dashboard.Title, stored is null ? PublishOutcome.Created : PublishOutcome.Updated,
            Int(saved, "version"), Text(saved as JsonObject, "url"), null);
    }

    /// <summary>The generated JSON without what Grafana owns: the numeric id (per instance).</summary>
    private static JsonObject Comparable(JsonObject ours)
    {
        var copy = ours.DeepClone().AsObject();
        copy.Remove("id");
        return copy;
    }

    private void Ensure(HttpStatusCode status, JsonNode? body, string request, HttpStatusCode expected)
    {
        if (status == expected)
        {
            return;
        }
        var message = Message(body);
        var grafanaStatus = Text(body as JsonObject, "status");
        throw status switch
        {
            HttpStatusCode.Unauthorized => new GrafanaApiException(status, null,
                $"Grafana at {client.BaseUrl} refused the token (401 Unauthorized on {request}): check --token-file holds a valid service account token"),
            HttpStatusCode.Forbidden => new GrafanaApiException(status, null,
                $"the token may not do {request} on Grafana at {client.BaseUrl} (403 Forbidden): it needs the Editor role (folders:create, dashboards:write)"),
            HttpStatusCode.PreconditionFailed => new GrafanaApiException(status, grafanaStatus, grafanaStatus switch
            {
                "name-exists" => $"{request}: another dashboard with the same title or uid exists in the folder (412 name-exists: {message}); rename or delete it",
                "version-mismatch" => $"{request}: the dashboard was changed in Grafana meanwhile (412 version-mismatch: {message}); publish again",
                "plugin-dashboard" => $"{request}: the uid belongs to a plugin's dashboard (412 plugin-dashboard: {message})",
                _ => $"{request}: precondition failed (412 {grafanaStatus}: {message})",
            }),
            HttpStatusCode.NotFound => new GrafanaApiException(status, null,
                $"{request}: not found (404: {message}) — is {client.BaseUrl} Grafana's base URL?"),
            _ => new GrafanaApiException(status, grafanaStatus, $"{request}: Grafana answered {(int)status} {status}: {message}"),
        };
    }

    private static string Message(JsonNode? body) => Text(body as JsonObject, "message") ?? "no message";

    private static string? Text(JsonObject? o, string name) =>
        o is not null && o.TryGetPropertyValue(name, out var v) && v is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;

    private static int? Int(JsonNode? o, string name) =>
        o is JsonObject obj && obj.TryGetPropertyValue(name, out var v) && v is JsonValue value && value.TryGetValue<int>(out var i) ? i : null;

    [LoggerMessage(Level = LogLevel.Debug, Message = "Grafana: dashboard {Uid} {Outcome}")]
    private static partial void LogDashboard(ILogger logger, string uid, PublishOutcome outcome);
}
