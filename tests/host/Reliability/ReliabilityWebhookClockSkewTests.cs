using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Host.Tests.Support;
using Platform.Insights.Ingest.Records;
using Platform.Insights.Ingest.Tests.Parsers.Webhooks;

namespace Platform.Insights.Host.Tests.Reliability;

/// <summary>
/// Deployment webhooks from a sender whose clock runs ahead, on the server's webhook endpoints over a silo with a fake
/// clock (<see cref="WebhookSkewServer"/>): a GitHub <c>deployment_status</c> or Argo CD notification finished more than
/// <c>Insights:Ingest:MaxFutureSkew</c> (10 minutes) ahead is 400, counted as
/// <c>insights_ingest_dropped_total{kind="logs",reason="too_far_in_future"}</c> and not stored — the same delivery is
/// stored (not a duplicate) once the clock has caught up; within the tolerance it is stored at once.
/// </summary>
public sealed class ReliabilityWebhookClockSkewTests(WebhookSkewServer server) : IClassFixture<WebhookSkewServer>
{
    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    // GitHub's example payload with its status finished at `finished` (deployment_status.updated_at).
    private static string GitHub(long statusId, DateTimeOffset finished) =>
        WebhookPayloads.GitHubDeploymentStatus(statusId: statusId).Replace("\"updated_at\": \"2019-05-15T15:21:03Z\"", $"\"updated_at\": \"{Stamp(finished)}\"", StringComparison.Ordinal);

    [Fact]
    public async Task Webhook_deployments_finished_beyond_the_clock_skew_tolerance_are_400_counted_and_stored_only_once_the_clock_catches_up()
    {
        var now = server.Time.GetUtcNow();
        var before = await server.DroppedAsync(DropReasons.TooFarInFuture);
        var github = GitHub(7_001, now.AddHours(1));
        var argo = WebhookPayloads.ArgoCd(app: "skew-app", finishedAt: Stamp(now.AddHours(1)), revision: "1111111111111111111111111111111111111111");

        var fromGitHub = await server.PostGitHubAsync(github);
        var fromArgo = await server.PostArgoCdAsync(argo);

        Assert.Equal((HttpStatusCode.BadRequest, "invalid"), (fromGitHub.Status, fromGitHub.Outcome));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid"), (fromArgo.Status, fromArgo.Outcome));
        Assert.Contains($"finished_at {Stamp(now.AddHours(1))} is more than 00:10:00 ahead", fromGitHub.Message, StringComparison.Ordinal);
        Assert.Contains("MaxFutureSkew", fromArgo.Message, StringComparison.Ordinal);
        Assert.Equal(before + 2, await server.DroppedAsync(DropReasons.TooFarInFuture));

        // Nothing was stored as "now": once the clock has nearly reached the finish time the same deliveries are new deployments.
        server.Time.Advance(TimeSpan.FromMinutes(55));
        var laterGitHub = await server.PostGitHubAsync(github);
        var laterArgo = await server.PostArgoCdAsync(argo);
        Assert.Equal((HttpStatusCode.OK, "stored"), (laterGitHub.Status, laterGitHub.Outcome));
        Assert.Equal((HttpStatusCode.OK, "stored"), (laterArgo.Status, laterArgo.Outcome));
        Assert.Equal(before + 2, await server.DroppedAsync(DropReasons.TooFarInFuture));
    }

    [Fact]
    public async Task Webhook_deployments_within_the_tolerance_are_stored_with_their_own_finish_time()
    {
        var now = server.Time.GetUtcNow();
        var before = await server.DroppedAsync(DropReasons.TooFarInFuture);

        var fromGitHub = await server.PostGitHubAsync(GitHub(7_002, now.AddMinutes(9)));
        var fromArgo = await server.PostArgoCdAsync(WebhookPayloads.ArgoCd(app: "near-app", finishedAt: Stamp(now.AddMinutes(10)), revision: "2222222222222222222222222222222222222222"));

        Assert.Equal((HttpStatusCode.OK, "stored"), (fromGitHub.Status, fromGitHub.Outcome));
        Assert.Equal((HttpStatusCode.OK, "stored"), (fromArgo.Status, fromArgo.Outcome));
        Assert.Equal(before, await server.DroppedAsync(DropReasons.TooFarInFuture));
        using var reader = server.Silo.GetRequiredService<InsightsDatabase>().OpenReader();
        using var command = reader.CreateCommand();
        command.CommandText = "SELECT CAST(max(ts) AS VARCHAR) FROM log_events WHERE event_id = 'github-deployment-status-7002'";
        Assert.Equal(now.AddMinutes(9).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), command.ExecuteScalar() as string);
    }
}
