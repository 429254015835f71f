using System.Globalization;
using System.Text.Json;

namespace Platform.Insights.Ingest.Parsers.Webhooks;

/// <summary>
/// GitHub's <c>deployment_status</c> webhook event. Mapped: <c>deployment_status.state</c> <c>success</c> → success,
/// <c>failure</c> / <c>error</c> → failure (<c>pending</c>, <c>queued</c>, <c>in_progress</c>, <c>inactive</c> are not a
/// finished deployment: ignored); <c>deployment_status.environment</c> (else <c>deployment.environment</c>);
/// <c>deployment.sha</c> → <c>labels.commit_sha</c>; <c>deployment.ref</c> → <c>service.version</c>;
/// <c>deployment_status.updated_at</c> (else <c>created_at</c>) = finished, <c>deployment.created_at</c> = started;
/// <c>repository.full_name</c> → the catalog service annotated <c>github.com/project-slug</c> with it, else
/// <c>repository.name</c>. The event id is <c>github-deployment-status-{deployment_status.id}</c>: GitHub's id of the status,
/// the same on every redelivery. First commit (<see cref="FirstCommit"/>): the configured field of <c>deployment.payload</c>
/// (the JSON the deployer passed to "Create a deployment", default <c>first_commit_at</c>), else
/// <c>workflow_run.head_commit.timestamp</c> (present when a workflow run made the deployment: the deployed commit's time).
/// </summary>
public static class GitHubDeploymentStatus
{
    public const string SlugAnnotation = "github.com/project-slug";

    public const string DefaultFirstCommitField = "first_commit_at";

    public static WebhookParse Parse(JsonElement root, string firstCommitField = DefaultFirstCommitField)
    {
        try
        {
            return ParseBody(root, firstCommitField);
        }
        catch (InvalidOperationException e)
        {
            // A lone surrogate escape or invalid UTF-8 inside a string parses as JSON but cannot be read as text.
            return WebhookParse.Invalid($"a string in the body is not valid Unicode: {e.Message}");
        }
    }

    private static WebhookParse ParseBody(JsonElement root, string firstCommitField)
    {
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("deployment_status", out var status) || status.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("deployment", out var deployment) || deployment.ValueKind != JsonValueKind.Object)
        {
            return WebhookParse.Invalid("not a deployment_status event: deployment_status and deployment objects are required");
        }
        var state = Text(status, "state");
        var outcome = state switch
        {
            "success" => "success",
            "failure" or "error" => "failure",
            null => null,
            _ => "",
        };
        if (outcome is null)
        {
            return WebhookParse.Invalid("deployment_status.state is missing");
        }
        if (outcome.Length == 0)
        {
            return WebhookParse.Skip($"deployment_status.state '{state}' is not a finished deployment");
        }
        if (!status.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.Number)
        {
            return WebhookParse.Invalid("deployment_status.id is missing");
        }
        if ((Time(status, "updated_at") ?? Time(status, "created_at")) is not { } finished)
        {
            return WebhookParse.Invalid("deployment_status.updated_at / created_at is missing or not a timestamp");
        }
        if (!root.TryGetProperty("repository", out var repository) || Text(repository, "name") is not { } name)
        {
            return WebhookParse.Invalid("repository.name is missing");
        }
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["repository"] = Text(repository, "full_name") ?? name,
            ["deployment_id"] = deployment.TryGetProperty("id", out var deploymentId) ? deploymentId.GetRawText() : "",
            ["github_state"] = state!,
        };
        return WebhookParse.Of(new DeploymentNotice(
            "github",
            $"github-deployment-status-{id.GetRawText()}",
            finished,
            Time(deployment, "created_at"),
            outcome,
            Text(status, "environment") ?? Text(deployment, "environment"),
            name,
            SlugAnnotation,
            Text(repository, "full_name") ?? name,
            Text(deployment, "sha"),
            Text(deployment, "ref"),
            Text(status, "target_url") ?? Text(status, "environment_url"),
            labels,
            FirstCommitOf(root, deployment, firstCommitField)));
    }

    private static FirstCommit? FirstCommitOf(JsonElement root, JsonElement deployment, string field)
    {
        if (deployment.TryGetProperty("payload", out var payload) && FirstCommit.Find(payload, field) is { } declared)
        {
            return new FirstCommit(declared, FirstCommit.Payload);
        }
        return root.TryGetProperty("workflow_run", out var run) && run.ValueKind == JsonValueKind.Object
            && run.TryGetProperty("head_commit", out var head) && FirstCommit.Find(head, "timestamp") is { } committed
            ? new FirstCommit(committed, FirstCommit.DeployedCommit)
            : null;
    }

    internal static string? Text(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : null;

    internal static DateTimeOffset? Time(JsonElement parent, string name) =>
        Text(parent, name) is { } text
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : null;
}
