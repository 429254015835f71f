using System.Net;
using System.Text;
using System.Text.Json;
using Platform.Insights.Host.Tests.Support;
using Platform.Insights.Ingest.Parsers.Webhooks;
using Platform.Insights.Ingest.Tests.Parsers.Webhooks;

namespace Platform.Insights.Host.Tests;

/// <summary>Deployment webhooks on a real <c>insights serve</c>: GitHub deployment_status (signed) and Argo CD notifications.</summary>
public sealed class WebhookEndpointTests(EventPushServer fixture) : IClassFixture<EventPushServer>
{
    [Fact]
    public async Task A_signed_GitHub_deployment_status_is_stored_once_for_the_catalog_service_of_its_repository()
    {
        var body = WebhookPayloads.GitHubDeploymentStatus(statusId: 9_001);

        using var first = await GitHubAsync(body, Sign(body));
        using var redelivered = await GitHubAsync(body, Sign(body));

        var answer = await JsonAsync(first);
        Assert.True(first.StatusCode == HttpStatusCode.OK, answer.ToString());
        Assert.Equal(("stored", "checkout", "success"), (answer.GetProperty("outcome").GetString(), answer.GetProperty("service").GetString(), answer.GetProperty("deployment").GetString()));
        Assert.Equal("duplicate", (await JsonAsync(redelivered)).GetProperty("outcome").GetString());
        var rows = await fixture.QueryAsync(
            "SELECT action, outcome, environment, service_version, json_extract_string(labels, '$.commit_sha'), CAST(ts AS VARCHAR) FROM log_events WHERE event_id = 'github-deployment-status-9001'");
        var row = Assert.Single(rows);
        Assert.Equal(["deployment", "success", "production", "master", "f95f852bd8fca8fcc58a9a2d6c842781e32a215e", "2019-05-15 15:21:03"],
            row.Select(v => v.GetString()));
    }

    [Fact]
    public async Task A_repository_not_in_the_catalog_is_the_service_named_after_it_and_a_failure_state_is_a_failed_deployment()
    {
        var body = WebhookPayloads.GitHubDeploymentStatus("error", 9_002, "octo-org/billing-api");

        using var response = await GitHubAsync(body, Sign(body));

        var answer = await JsonAsync(response);
        Assert.Equal(("billing-api", "failure"), (answer.GetProperty("service").GetString(), answer.GetProperty("deployment").GetString()));
        Assert.Equal(1, await fixture.CountAsync("service = 'billing-api' AND outcome = 'failure' AND action = 'deployment'"));
    }

    [Fact]
    public async Task A_deployment_of_a_service_the_loaded_catalog_lacks_is_400_service_not_in_catalog_as_a_pushed_event_would_be()
    {
        var github = WebhookPayloads.GitHubDeploymentStatus(statusId: 9_301, repository: "octo-org/unknown-repo");
        var argo = WebhookPayloads.ArgoCd(app: "unknown-app");

        using var fromGitHub = await GitHubAsync(github, Sign(github));
        using var fromArgo = await fixture.PostAsync("/api/v1/webhooks/argocd", argo, EventPushServer.IngestToken, "application/json");

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (fromGitHub.StatusCode, fromArgo.StatusCode));
        Assert.Contains("service_not_in_catalog", (await JsonAsync(fromGitHub)).GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("'unknown-app'", (await JsonAsync(fromArgo)).GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await fixture.CountAsync("service IN ('unknown-repo', 'unknown-app')"));
        using var scrape = await fixture.Server.GetAsync("/metrics");
        var metrics = await scrape.Content.ReadAsStringAsync();
        var dropped = System.Text.RegularExpressions.Regex.Match(metrics, "insights_ingest_dropped_total\\{kind=\"logs\",reason=\"service_not_in_catalog\"\\} (\\d+)");
        Assert.True(dropped.Success && int.Parse(dropped.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 2, metrics);
    }

    [Fact]
    public async Task A_delivery_with_a_wrong_or_missing_signature_is_401_and_stores_nothing()
    {
        var body = WebhookPayloads.GitHubDeploymentStatus(statusId: 9_003);

        using var wrong = await GitHubAsync(body, GitHubSignature.Of("another secret", Encoding.UTF8.GetBytes(body)));
        using var missing = await GitHubAsync(body, null);

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (wrong.StatusCode, missing.StatusCode));
        Assert.Equal(0, await fixture.CountAsync("event_id = 'github-deployment-status-9003'"));
    }

    [Fact]
    public async Task A_pending_status_and_other_events_are_accepted_and_ignored()
    {
        var pending = WebhookPayloads.GitHubDeploymentStatus("pending", 9_004);
        const string push = """{"ref":"refs/heads/main"}""";

        using var ignored = await GitHubAsync(pending, Sign(pending));
        using var other = await GitHubAsync(push, Sign(push), "push");
        using var ping = await GitHubAsync("""{"zen":"Keep it logically awesome."}""", Sign("""{"zen":"Keep it logically awesome."}"""), "ping");

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.OK), (ignored.StatusCode, other.StatusCode, ping.StatusCode));
        Assert.Equal(0, await fixture.CountAsync("event_id = 'github-deployment-status-9004'"));
    }

    [Fact]
    public async Task A_team_bound_ingest_token_posts_Argo_CD_deployments_of_its_teams_services_only()
    {
        // guestbook is storefront's app (team web); billing-api is the payments team's, named by the app.
        var theirs = WebhookPayloads.ArgoCd(revision: "3333333333333333333333333333333333333333", finishedAt: "2024-05-04T10:00:00Z");
        var mine = WebhookPayloads.ArgoCd(app: "billing-api", revision: "4444444444444444444444444444444444444444", finishedAt: "2024-05-04T11:00:00Z");

        using var refused = await fixture.PostAsync("/api/v1/webhooks/argocd", theirs, EventPushServer.TeamIngestToken, "application/json");
        using var stored = await fixture.PostAsync("/api/v1/webhooks/argocd", mine, EventPushServer.TeamIngestToken, "application/json");

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.OK), (refused.StatusCode, stored.StatusCode));
        Assert.StartsWith("service_not_of_team: service 'storefront'", (await JsonAsync(refused)).GetProperty("message").GetString(), StringComparison.Ordinal);
        var answer = await JsonAsync(stored);
        Assert.Equal(("stored", "billing-api"), (answer.GetProperty("outcome").GetString(), answer.GetProperty("service").GetString()));
        Assert.Equal(0, await fixture.CountAsync("service = 'storefront' AND ts = TIMESTAMPTZ '2024-05-04 10:00:00+00'"));
        Assert.Equal(1, await fixture.CountAsync("service = 'billing-api' AND action = 'deployment' AND ts = TIMESTAMPTZ '2024-05-04 11:00:00+00'"));
    }

    [Fact]
    public async Task An_Argo_CD_notification_is_a_deployment_of_the_service_annotated_with_the_app_and_is_stored_once()
    {
        var body = WebhookPayloads.ArgoCd();

        using var none = await fixture.PostAsync("/api/v1/webhooks/argocd", body, null, "application/json");
        using var first = await fixture.PostAsync("/api/v1/webhooks/argocd", body, EventPushServer.IngestToken, "application/json");
        using var again = await fixture.PostAsync("/api/v1/webhooks/argocd", body, EventPushServer.IngestToken, "application/json");
        using var bad = await fixture.PostAsync("/api/v1/webhooks/argocd", """{"phase":"Succeeded"}""", EventPushServer.IngestToken, "application/json");

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        var answer = await JsonAsync(first);
        Assert.Equal(("stored", "storefront", "success"), (answer.GetProperty("outcome").GetString(), answer.GetProperty("service").GetString(), answer.GetProperty("deployment").GetString()));
        Assert.Equal("duplicate", (await JsonAsync(again)).GetProperty("outcome").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(1, await fixture.CountAsync(
            "service = 'storefront' AND action = 'deployment' AND environment = 'production' AND json_extract_string(labels, '$.commit_sha') = '53e28ff20cc530b9ada2173fbbd64d48338583ba'"));
    }

    [Fact]
    public async Task Gzip_webhook_bodies_are_stored_and_a_broken_one_is_400()
    {
        var github = WebhookPayloads.GitHubDeploymentStatus(statusId: 9_101);
        var argo = WebhookPayloads.ArgoCd(app: "gzip-app");
        var headers = new Dictionary<string, string> { ["X-GitHub-Event"] = "deployment_status", ["X-Hub-Signature-256"] = Sign(github) };

        using var fromGitHub = await fixture.PostGzipAsync("/api/v1/webhooks/github", EventPushServer.Gzip(github), null, "application/json", headers);
        using var fromArgo = await fixture.PostGzipAsync("/api/v1/webhooks/argocd", EventPushServer.Gzip(argo), EventPushServer.IngestToken, "application/json");
        using var broken = await fixture.PostGzipAsync("/api/v1/webhooks/argocd", Encoding.UTF8.GetBytes(argo), EventPushServer.IngestToken, "application/json");

        Assert.Equal("stored", (await JsonAsync(fromGitHub)).GetProperty("outcome").GetString());
        Assert.Equal(("stored", "gzip-app"), ((await JsonAsync(fromArgo)).GetProperty("outcome").GetString(), (await JsonAsync(fromArgo)).GetProperty("service").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Contains("not valid gzip", await broken.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await fixture.CountAsync("event_id = 'github-deployment-status-9101'"));
        Assert.Equal(1, await fixture.CountAsync("service = 'gzip-app' AND action = 'deployment'"));
    }

    [Fact]
    public async Task Webhook_deployments_with_a_first_commit_in_their_payload_have_a_lead_time()
    {
        var github = WebhookPayloads.GitHubDeploymentStatus(statusId: 9_201, payload: """{"first_commit_at":"2019-05-15T11:21:03Z"}""");
        var argo = WebhookPayloads.ArgoCd(finishedAt: "2024-05-03T12:00:00Z", revision: "9f0c2d4e1b7a3c5d8e6f0a1b2c3d4e5f6a7b8c9d",
            extra: "\"commitAt\": \"2024-05-03 10:30:00 +0000 UTC\",");

        using var fromGitHub = await GitHubAsync(github, Sign(github));
        using var fromArgo = await fixture.PostAsync("/api/v1/webhooks/argocd", argo, EventPushServer.IngestToken, "application/json");

        Assert.Equal("stored", (await JsonAsync(fromGitHub)).GetProperty("outcome").GetString());
        Assert.Equal("stored", (await JsonAsync(fromArgo)).GetProperty("outcome").GetString());
        var checkout = Assert.Single(await fixture.Server.GetArrayAsync("/api/v1/kpi/dora?scope=service&name=checkout&from=2019-05-01&to=2019-06-01", EventPushServer.ReadToken));
        var storefront = Assert.Single(await fixture.Server.GetArrayAsync("/api/v1/kpi/dora?scope=service&name=storefront&from=2024-05-03&to=2024-05-04", EventPushServer.ReadToken));
        Assert.Equal((4.0, 1L), (checkout.GetProperty("leadTimeHours").GetDouble(), checkout.GetProperty("leadTimeCount").GetInt64()));
        Assert.Equal((1.5, 1L), (storefront.GetProperty("leadTimeHours").GetDouble(), storefront.GetProperty("leadTimeCount").GetInt64()));
        var labels = await fixture.QueryAsync("SELECT json_extract_string(labels, '$.first_commit_source') FROM log_events WHERE service = 'storefront' AND ts = TIMESTAMPTZ '2024-05-03 12:00:00+00'");
        Assert.Equal("deployed_commit", Assert.Single(labels)[0].GetString());
    }

    private Task<HttpResponseMessage> GitHubAsync(string body, string? signature, string kind = "deployment_status")
    {
        var headers = new Dictionary<string, string> { ["X-GitHub-Event"] = kind, ["X-GitHub-Delivery"] = Guid.NewGuid().ToString() };
        if (signature is not null)
        {
            headers["X-Hub-Signature-256"] = signature;
        }
        return fixture.PostAsync("/api/v1/webhooks/github", body, null, "application/json", headers);
    }

    private static string Sign(string body) => GitHubSignature.Of(EventPushServer.GitHubSecret, Encoding.UTF8.GetBytes(body));

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.Clone();
    }
}
