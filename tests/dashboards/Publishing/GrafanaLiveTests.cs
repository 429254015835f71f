using System.Net;
using System.Text.Json.Nodes;
using Platform.Insights.Dashboards.Generation;
using Platform.Insights.Dashboards.Provisioning;
using Platform.Insights.Dashboards.Publishing;
using Platform.Insights.Dashboards.Tests.Support;

namespace Platform.Insights.Dashboards.Tests.Publishing;

/// <summary>
/// The publishing round trip against a real Grafana when <c>INSIGHTS_TEST_GRAFANA_URL</c> and
/// <c>INSIGHTS_TEST_GRAFANA_TOKEN_FILE</c> (a service account token with the Editor role) are set — use a throwaway
/// Grafana: the dashboards are saved under their real uids into the folder <c>INSIGHTS_TEST_GRAFANA_FOLDER</c>
/// (default "Insights (test)"). Without them the same scenario runs against the in-process fake, so the test never
/// skips and fails in either mode when publishing is not idempotent.
/// </summary>
public sealed class GrafanaLiveTests
{
    private sealed record Target(string Url, string Token, string Folder, FakeGrafana? Fake);

    private static Target Choose()
    {
        var url = Environment.GetEnvironmentVariable("INSIGHTS_TEST_GRAFANA_URL");
        if (string.IsNullOrEmpty(url))
        {
            var fake = new FakeGrafana("fake-grafana-token");
            return new Target(fake.Url, fake.Token, "Insights (test)", fake);
        }
        var tokenFile = Environment.GetEnvironmentVariable("INSIGHTS_TEST_GRAFANA_TOKEN_FILE")
            ?? throw new InvalidOperationException("INSIGHTS_TEST_GRAFANA_URL is set; INSIGHTS_TEST_GRAFANA_TOKEN_FILE must name the token's file");
        var folder = Environment.GetEnvironmentVariable("INSIGHTS_TEST_GRAFANA_FOLDER") is { Length: > 0 } f ? f : "Insights (test)";
        return new Target(url, File.ReadAllText(tokenFile).Trim(), folder, null);
    }

    [Fact]
    public async Task Publishing_to_grafana_twice_saves_every_dashboard_into_the_folder_and_changes_nothing_the_second_time()
    {
        var target = Choose();
        try
        {
            var set = InsightsDashboards.All(DashboardSettings.Default);
            var publisher = Publishers.Create(target.Url, target.Token, out var client);
            using (client)
            {
                var first = await publisher.PublishAsync(set, target.Folder, dryRun: false, CancellationToken.None);
                Assert.All(first.Dashboards, d => Assert.Contains(d.Outcome, new[] { PublishOutcome.Created, PublishOutcome.Updated, PublishOutcome.Unchanged }));
                var second = await publisher.PublishAsync(set, target.Folder, dryRun: false, CancellationToken.None);
                Assert.All(second.Dashboards, d => Assert.True(d.Outcome == PublishOutcome.Unchanged, $"{d.Uid}: {d.Outcome} {d.Error}"));
                Assert.Equal(first.FolderUid, second.FolderUid);
                foreach (var dashboard in set)
                {
                    var (status, body) = await client.SendAsync(HttpMethod.Get, $"api/dashboards/uid/{dashboard.Uid}", null, CancellationToken.None);
                    Assert.Equal(HttpStatusCode.OK, status);
                    Assert.Equal(first.FolderUid, body!["meta"]!["folderUid"]!.GetValue<string>());
                    Assert.Equal(dashboard.Title, body["dashboard"]!["title"]!.GetValue<string>());
                    Assert.Equal(dashboard.Panels.Count, body["dashboard"]!["panels"]!.AsArray().Count);
                }
                if (target.Fake is not null)
                {
                    Assert.Equal(GrafanaFolder.UidFor(target.Folder), first.FolderUid);
                }
            }
        }
        finally
        {
            if (target.Fake is not null)
            {
                await target.Fake.DisposeAsync();
            }
        }
    }
}
