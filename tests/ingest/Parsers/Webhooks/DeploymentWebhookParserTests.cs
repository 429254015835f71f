using System.Globalization;
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

    [Fact]
    public void A_GitHub_deployment_payload_with_the_first_commit_starts_the_lead_time_even_as_a_JSON_string_or_a_configured_path()
    {
        var asObject = Parse(WebhookPayloads.GitHubDeploymentStatus(payload: """{"first_commit_at":"2019-05-14T09:00:00+02:00"}""", headCommitAt: "2019-05-15T11:00:00-04:00")).Notice!;
        var asString = Parse(WebhookPayloads.GitHubDeploymentStatus(payload: "\"{\\\"insights\\\":{\\\"first\\\":\\\"2019-05-14T07:00:00Z\\\"}}\""), "insights.first").Notice!;

        Assert.Equal(new FirstCommit(DateTimeOffset.Parse("2019-05-14T07:00:00Z", CultureInfo.InvariantCulture), FirstCommit.Payload), asObject.FirstCommit);
        Assert.Equal(asObject.FirstCommit, asString.FirstCommit);
    }

    [Fact]
    public void Without_a_payload_field_the_head_commit_of_the_deploying_workflow_run_starts_the_lead_time_and_without_either_there_is_none()
    {
        var fromRun = Parse(WebhookPayloads.GitHubDeploymentStatus(headCommitAt: "2019-05-15T11:00:00-04:00")).Notice!;
        var unnamedField = Parse(WebhookPayloads.GitHubDeploymentStatus(payload: """{"deployed_by":"ci"}""")).Notice!;

        Assert.Equal(new FirstCommit(DateTimeOffset.Parse("2019-05-15T15:00:00Z", CultureInfo.InvariantCulture), FirstCommit.DeployedCommit), fromRun.FirstCommit);
        Assert.Null(unnamedField.FirstCommit);
        Assert.Null(Parse(WebhookPayloads.GitHubDeploymentStatus()).Notice!.FirstCommit);
    }

    [Fact]
    public void An_Argo_CD_template_gives_the_first_commit_or_else_the_synced_commits_date_as_Go_prints_it()
    {
        var declared = ArgoCdNotification.Parse(Json(WebhookPayloads.ArgoCd(
            extra: "\"firstCommitAt\": \"2024-05-01T08:00:00Z\", \"commitAt\": \"2024-05-02 09:58:12 +0000 UTC\",")), "production").Notice!;
        var committed = ArgoCdNotification.Parse(Json(WebhookPayloads.ArgoCd(extra: "\"commitAt\": \"2024-05-02 11:58:12.123456789 +0200 CEST\",")), "production").Notice!;
        var unformatted = ArgoCdNotification.Parse(Json(WebhookPayloads.ArgoCd(extra: "\"commitAt\": \"<no value>\",")), "production").Notice!;

        Assert.Equal(new FirstCommit(DateTimeOffset.Parse("2024-05-01T08:00:00Z", CultureInfo.InvariantCulture), FirstCommit.Payload), declared.FirstCommit);
        Assert.Equal(new FirstCommit(DateTimeOffset.Parse("2024-05-02T09:58:12.1234567Z", CultureInfo.InvariantCulture), FirstCommit.DeployedCommit), committed.FirstCommit);
        Assert.Null(unformatted.FirstCommit);
    }

    [Fact]
    public void The_first_commit_is_written_as_the_labels_the_lead_time_reads()
    {
        var notice = Parse(WebhookPayloads.GitHubDeploymentStatus(payload: """{"first_commit_at":"2019-05-14T09:00:00+02:00"}""")).Notice!;

        var parsed = EcsNdjsonParser.Parse(new StringReader(DeploymentWebhookSource.Document(notice, "checkout")), "webhook").Single().Value!;

        Assert.Contains("\"first_commit_at\":\"2019-05-14T07:00:00.000Z\"", parsed.LabelsJson, StringComparison.Ordinal);
        Assert.Contains("\"first_commit_source\":\"payload\"", parsed.LabelsJson, StringComparison.Ordinal);
    }

    [Property(MaxTest = 200)]
    public bool Go_time_text_and_RFC_3339_of_the_same_instant_read_as_the_same_time(DateTime instant, short offsetMinutes)
    {
        var offset = TimeSpan.FromMinutes(offsetMinutes % (14 * 60));
        // Years 2–9998 keep every offset's UTC instant representable.
        var at = new DateTimeOffset(DateTime.SpecifyKind(new DateTime(Math.Clamp(instant.Year, 2, 9998), instant.Month, 1).AddTicks(instant.Ticks % TimeSpan.TicksPerDay * 27), DateTimeKind.Unspecified), offset);
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        var go = at.ToString("yyyy-MM-dd HH:mm:ss.fffffff ", CultureInfo.InvariantCulture) + sign + offset.Duration().ToString("hhmm", CultureInfo.InvariantCulture) + " XYZ";
        var rfc = at.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffffzzz", CultureInfo.InvariantCulture);
        return FirstCommit.Time(go) == at && FirstCommit.Time(rfc) == at;
    }

    private static WebhookParse Parse(string body, string firstCommitField) => GitHubDeploymentStatus.Parse(Json(body), firstCommitField);

    private static WebhookParse Parse(string body) => GitHubDeploymentStatus.Parse(Json(body));

    private static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
