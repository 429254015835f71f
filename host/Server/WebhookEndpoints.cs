using System.Text.Json;
using Microsoft.Extensions.Options;
using Platform.Insights.Ingest;
using Platform.Insights.Ingest.Parsers.Webhooks;
using Platform.Insights.Ingest.Sources;

namespace Platform.Insights.Host.Server;

/// <summary>
/// Deployment webhooks, both stored as ECS deployment events through <see cref="DeploymentWebhookSource"/>:
/// <list type="bullet">
/// <item><c>POST /api/v1/webhooks/github</c>: GitHub's <c>deployment_status</c> event. GitHub cannot send a bearer
/// token, so the route needs none: every delivery must carry a valid <c>X-Hub-Signature-256</c> for the configured
/// secret (401 otherwise; 503 while no secret is configured). <c>ping</c> → 200; other events → 202 ignored.</item>
/// <item><c>POST /api/v1/webhooks/argocd</c>: an Argo CD notifications webhook with the README's template, bearer token
/// with the <c>ingest</c> scope (Argo CD's webhook service sends configured headers); a team-bound token posts only
/// deployments of its team's catalog services (others 400 <c>service_not_of_team</c>).</item>
/// </list>
/// Answers: 200 stored or duplicate (a redelivery), 202 ignored (not a finished deployment), 400 invalid payload,
/// 413 over <c>MaxBodyBytes</c> (decompressed, for <c>Content-Encoding: gzip</c>; a broken gzip body is 400); the JSON body says
/// which, with the event id and service. GitHub's signature is checked against the body as decompressed (GitHub itself sends
/// no gzip; a proxy that compresses must not change what was signed).
/// </summary>
public static class WebhookEndpoints
{
    public static void MapWebhooks(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/webhooks/github", GitHubAsync)
            .WithMetadata(new SignedWebhook())
            .WithSummary("GitHub deployment_status webhook (X-Hub-Signature-256 with the configured secret).");
        app.MapPost("/api/v1/webhooks/argocd", ArgoCdAsync)
            .WithMetadata(new RequiredScope(ApiScopes.Ingest))
            .WithSummary("Argo CD notifications webhook (the documented template) as a deployment event.");
    }

    private static async Task<IResult> GitHubAsync(HttpContext context, DeploymentWebhookSource source, IOptions<WebhookOptions> options)
    {
        var settings = options.Value;
        if (settings.GitHubSecret is not { Length: > 0 } secret)
        {
            return ApiErrors.Result(StatusCodes.Status503ServiceUnavailable, $"GitHub webhooks are off: set {WebhookOptions.Section}:GitHubSecret to the webhook's secret");
        }
        var (body, problem) = await ReadAsync(context, settings.MaxBodyBytes);
        if (problem is not null)
        {
            return problem;
        }
        if (!GitHubSignature.Verify(secret, body, context.Request.Headers["X-Hub-Signature-256"].ToString() is { Length: > 0 } header ? header : null))
        {
            return ApiErrors.Result(StatusCodes.Status401Unauthorized, "X-Hub-Signature-256 is missing or does not match the body for the configured secret");
        }
        var kind = context.Request.Headers["X-GitHub-Event"].ToString();
        if (kind == "ping")
        {
            return Results.Json(new { outcome = "pong" });
        }
        if (kind.Length > 0 && kind != "deployment_status")
        {
            return Answer(new WebhookResult(WebhookOutcome.Ignored, $"event '{kind}' is not deployment_status"));
        }
        var field = settings.GitHubFirstCommitField;
        return await AcceptAsync(body, root => GitHubDeploymentStatus.Parse(root, field), source, null, context.RequestAborted);
    }

    private static async Task<IResult> ArgoCdAsync(HttpContext context, DeploymentWebhookSource source, IOptions<WebhookOptions> options)
    {
        var (body, problem) = await ReadAsync(context, options.Value.MaxBodyBytes);
        if (problem is not null)
        {
            return problem;
        }
        var environment = options.Value.ArgoCdEnvironment;
        return await AcceptAsync(body, root => ArgoCdNotification.Parse(root, environment), source, ApiEndpoints.TokenOf(context).Team, context.RequestAborted);
    }

    private static async Task<IResult> AcceptAsync(byte[] body, Func<JsonElement, WebhookParse> parse, DeploymentWebhookSource source, string? team, CancellationToken cancellationToken)
    {
        WebhookParse parsed;
        try
        {
            using var document = JsonDocument.Parse(body);
            parsed = parse(document.RootElement);
        }
        catch (JsonException e)
        {
            parsed = WebhookParse.Invalid($"the body is not JSON: {e.Message}");
        }
        return Answer(await source.AcceptAsync(parsed, team, cancellationToken));
    }

    private static IResult Answer(WebhookResult result)
    {
        var status = result.Outcome switch
        {
            WebhookOutcome.Ignored => StatusCodes.Status202Accepted,
            WebhookOutcome.Invalid => StatusCodes.Status400BadRequest,
            _ => StatusCodes.Status200OK,
        };
        var outcome = result.Outcome.ToString().ToLowerInvariant();
        return Results.Json(new { outcome, message = result.Message, eventId = result.EventId, service = result.Service, deployment = result.DeploymentOutcome }, statusCode: status);
    }

    private static async Task<(byte[] Body, IResult? Problem)> ReadAsync(HttpContext context, int limit)
    {
        var read = await RequestBody.ReadAsync(context, limit, $"{WebhookOptions.Section}:MaxBodyBytes");
        if (read.Problem is not null)
        {
            return ([], read.Problem);
        }
        using var body = read.Body!;
        return (body.ToArray(), null);
    }
}
