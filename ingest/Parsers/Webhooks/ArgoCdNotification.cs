using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Platform.Insights.Ingest.Parsers.Webhooks;

/// <summary>
/// An Argo CD notifications webhook. Argo CD has no fixed payload (the body is the template's), so this reads the one
/// documented in the README, whose fields are Argo CD's own template variables:
/// <c>app</c> (<c>.app.metadata.name</c>), <c>environment</c> (optional), <c>namespace</c>
/// (<c>.app.spec.destination.namespace</c>), <c>revision</c> (<c>.app.status.operationState.syncResult.revision</c>),
/// <c>phase</c> (<c>.app.status.operationState.phase</c>), <c>syncStatus</c> (<c>.app.status.sync.status</c>),
/// <c>healthStatus</c> (<c>.app.status.health.status</c>), <c>startedAt</c> / <c>finishedAt</c>
/// (<c>.app.status.operationState.startedAt</c> / <c>finishedAt</c>).
/// Outcome: phase <c>Failed</c> / <c>Error</c> or health <c>Degraded</c> → failure; phase <c>Succeeded</c> with sync
/// <c>Synced</c> → success; anything else (<c>Running</c>, <c>Progressing</c>, <c>OutOfSync</c>) is not a finished
/// deployment: ignored. Service: the catalog service annotated <c>argocd/app-name</c> with the app, else the app's
/// name. Event id: a hash of app, revision and finishedAt — the same sync notified twice is one event.
/// First commit (<see cref="FirstCommit"/>): the optional <c>firstCommitAt</c> (what the pipeline recorded, e.g. an
/// annotation of the app), else <c>commitAt</c> (the synced revision's commit date from Argo CD's
/// <c>.repo.GetCommitMetadata</c>: the deployed commit's time).
/// </summary>
public static class ArgoCdNotification
{
    public const string AppAnnotation = "argocd/app-name";

    public static WebhookParse Parse(JsonElement root, string defaultEnvironment)
    {
        try
        {
            return ParseBody(root, defaultEnvironment);
        }
        catch (InvalidOperationException e)
        {
            // A lone surrogate escape or invalid UTF-8 inside a string parses as JSON but cannot be read as text.
            return WebhookParse.Invalid($"a string in the body is not valid Unicode: {e.Message}");
        }
    }

    private static WebhookParse ParseBody(JsonElement root, string defaultEnvironment)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return WebhookParse.Invalid("the body must be a JSON object");
        }
        if (GitHubDeploymentStatus.Text(root, "app") is not { } app)
        {
            return WebhookParse.Invalid("app is missing (template: \"app\": \"{{.app.metadata.name}}\")");
        }
        var phase = GitHubDeploymentStatus.Text(root, "phase");
        var sync = GitHubDeploymentStatus.Text(root, "syncStatus");
        var health = GitHubDeploymentStatus.Text(root, "healthStatus");
        var outcome = phase is "Failed" or "Error" || health == "Degraded" ? "failure"
            : phase == "Succeeded" && sync == "Synced" ? "success"
            : null;
        if (outcome is null)
        {
            return WebhookParse.Skip($"phase '{phase}', sync '{sync}', health '{health}' is not a finished deployment");
        }
        if (GitHubDeploymentStatus.Time(root, "finishedAt") is not { } finished)
        {
            return WebhookParse.Invalid("finishedAt is missing or not a timestamp (template: \"{{.app.status.operationState.finishedAt}}\")");
        }
        var revision = GitHubDeploymentStatus.Text(root, "revision");
        var key = $"{app}\n{revision}\n{finished.ToUnixTimeMilliseconds()}";
        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 16));
        var labels = new Dictionary<string, string>(StringComparer.Ordinal) { ["argocd_app"] = app };
        foreach (var (name, field) in new[] { ("argocd_phase", phase), ("argocd_sync", sync), ("argocd_health", health), ("namespace", GitHubDeploymentStatus.Text(root, "namespace")) })
        {
            if (field is not null)
            {
                labels[name] = field;
            }
        }
        return WebhookParse.Of(new DeploymentNotice(
            "argocd",
            $"argocd-{id}",
            finished,
            GitHubDeploymentStatus.Time(root, "startedAt"),
            outcome,
            GitHubDeploymentStatus.Text(root, "environment") ?? defaultEnvironment,
            app,
            AppAnnotation,
            app,
            revision,
            revision,
            GitHubDeploymentStatus.Text(root, "url"),
            labels,
            FirstCommit.Find(root, "firstCommitAt") is { } declared ? new FirstCommit(declared, FirstCommit.Payload)
                : FirstCommit.Find(root, "commitAt") is { } committed ? new FirstCommit(committed, FirstCommit.DeployedCommit)
                : null));
    }
}
