using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Platform.Insights.Ingest.Parsers;
using Platform.Insights.Ingest.Parsers.Webhooks;
using Platform.Insights.Ingest.Sources;

namespace Platform.Insights.Ingest.Tests.Parsers.Webhooks;

public sealed class DeploymentWebhookParserTests
{
    [Fact]
    public void A_successful_GitHub_deployment_status_becomes_a_finished_production_deployment_with_its_commit()
    {
        var notice = Parse(WebhookPayloads.GitHubDeploymentStatus()).Notice!;

        Assert.Equal(("github-deployment-status-2784301239", "success", "production"), (notice.EventId, notice.Outcome, notice.Environment));
        Assert.Equal(DateTimeOffset.Parse("2019-05-15T15:21:03Z"), notice.FinishedAt);
        Assert.Equal(DateTimeOffset.Parse("2019-05-15T15:20:53Z"), notice.StartedAt);
        Assert.Equal(("f95f852bd8fca8fcc58a9a2d6c842781e32a215e", "master"), (notice.CommitSha, notice.Version));
        Assert.Equal(("Hello-World", "github.com/project-slug", "Codertocat/Hello-World"), (notice.Name, notice.CatalogAnnotation, notice.CatalogKey));
    }

    [Theory]
    [InlineData("failure")]
    [InlineData("error")]
    public void Failure_and_error_states_are_failed_deployments(string state) =>
        Assert.Equal("failure", Parse(WebhookPayloads.GitHubDeploymentStatus(state)).Notice!.Outcome);

    [Theory]
    [InlineData("pending")]
    [InlineData("queued")]
    [InlineData("in_progress")]
    [InlineData("inactive")]
    public void Unfinished_states_are_ignored_not_stored(string state)
    {
        var parse = Parse(WebhookPayloads.GitHubDeploymentStatus(state));

        Assert.True(parse.Ignored);
        Assert.Null(parse.Notice);
        Assert.Contains($"'{state}' is not a finished deployment", parse.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_payload_that_is_not_a_deployment_status_is_invalid_naming_what_is_missing()
    {
        var parse = Parse("""{"action":"opened","pull_request":{}}""");

        Assert.False(parse.Ignored);
        Assert.Contains("deployment_status and deployment objects are required", parse.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_deployment_event_reads_back_through_the_NDJSON_parser_as_an_ECS_deployment()
    {
        var notice = Parse(WebhookPayloads.GitHubDeploymentStatus()).Notice!;

        var document = DeploymentWebhookSource.Document(notice, "checkout");
        var parsed = EcsNdjsonParser.Parse(new StringReader(document), "webhook").Single().Value!;

        Assert.Equal(("github-deployment-status-2784301239", "deployment", "success"), (parsed.EventId, parsed.Action, parsed.Outcome));
        Assert.Equal(("checkout", "production", "master"), (parsed.Service, parsed.Environment, parsed.ServiceVersion));
        Assert.Equal(notice.FinishedAt, parsed.Timestamp);
        Assert.Equal(notice.StartedAt, parsed.EventStart);
        Assert.Contains("\"commit_sha\":\"f95f852bd8fca8fcc58a9a2d6c842781e32a215e\"", parsed.LabelsJson, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Succeeded", "Synced", "Healthy", "success")]
    [InlineData("Failed", "OutOfSync", "Missing", "failure")]
    [InlineData("Error", "Synced", "Healthy", "failure")]
    [InlineData("Succeeded", "Synced", "Degraded", "failure")]
    public void Argo_CD_phase_sync_and_health_map_to_the_outcome(string phase, string sync, string health, string outcome)
    {
        var notice = ArgoCdNotification.Parse(Json(WebhookPayloads.ArgoCd(phase, sync, health)), "production").Notice!;

        Assert.Equal((outcome, "guestbook", "53e28ff20cc530b9ada2173fbbd64d48338583ba", "production"), (notice.Outcome, notice.Name, notice.CommitSha, notice.Environment));
        Assert.Equal(DateTimeOffset.Parse("2024-05-02T10:14:41Z"), notice.FinishedAt);
    }

    [Fact]
    public void An_Argo_CD_sync_still_running_is_ignored_and_the_same_sync_has_one_event_id()
    {
        var running = ArgoCdNotification.Parse(Json(WebhookPayloads.ArgoCd("Running", "OutOfSync", "Progressing")), "production");
        var once = ArgoCdNotification.Parse(Json(WebhookPayloads.ArgoCd(environment: "staging")), "production").Notice!;
        var twice = ArgoCdNotification.Parse(Json(WebhookPayloads.ArgoCd(environment: "staging")), "production").Notice!;

        Assert.True(running.Ignored);
        Assert.Equal(once.EventId, twice.EventId);
        Assert.Equal("staging", once.Environment);
    }

    [Property]
    public Property A_signature_verifies_only_for_its_own_body_and_secret(NonEmptyString secret, byte[] body, byte flip)
    {
        var signature = GitHubSignature.Of(secret.Get, body);
        var changed = body.Length == 0 ? [flip] : body.Select((b, i) => i == 0 ? (byte)(b ^ (flip | 1)) : b).ToArray();
        return (GitHubSignature.Verify(secret.Get, body, signature)
                && GitHubSignature.Verify(secret.Get, body, signature.ToUpperInvariant().Replace("SHA256=", "sha256=", StringComparison.Ordinal))
                && !GitHubSignature.Verify(secret.Get, changed, signature)
                && !GitHubSignature.Verify(secret.Get + "x", body, signature)
                && !GitHubSignature.Verify(secret.Get, body, null))
            .ToProperty();
    }

    [Fact]
    public void GitHubs_documented_signature_example_verifies()
    {
        // GitHub's "Validating webhook deliveries" test values: secret "It's a Secret to Everybody", payload "Hello, World!".
        Assert.True(GitHubSignature.Verify("It's a Secret to Everybody", Encoding.UTF8.GetBytes("Hello, World!"),
            "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"));
    }

    private static WebhookParse Parse(string body) => GitHubDeploymentStatus.Parse(Json(body));

    private static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
