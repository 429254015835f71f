using System.Text.Json.Nodes;
using Platform.Insights.Dashboards.Generation;
using Platform.Insights.Dashboards.Model;
using Platform.Insights.Dashboards.Provisioning;
using Platform.Insights.Dashboards.Publishing;
using Platform.Insights.Dashboards.Tests.Support;

namespace Platform.Insights.Dashboards.Tests.Publishing;

public sealed class GrafanaPublisherTests
{
    private const string Token = "glsa_test_0123456789abcdef";
    private static readonly IReadOnlyList<Dashboard> Set = InsightsDashboards.All(DashboardSettings.Default);

    private static async Task<PublishReport> PublishAsync(FakeGrafana grafana, bool dryRun = false, string token = Token, int retries = 2)
    {
        var publisher = Publishers.Create(grafana.Url, token, out var client, retries);
        using (client)
        {
            return await publisher.PublishAsync(Set, "Insights", dryRun, CancellationToken.None);
        }
    }

    [Fact]
    public async Task Publishing_creates_the_folder_and_every_dashboard_then_a_second_run_changes_nothing()
    {
        await using var grafana = new FakeGrafana(Token);
        var first = await PublishAsync(grafana);
        Assert.Equal(PublishOutcome.Created, first.FolderOutcome);
        Assert.Equal("insights-folder", first.FolderUid);
        Assert.All(first.Dashboards, d => Assert.Equal(PublishOutcome.Created, d.Outcome));
        Assert.All(first.Dashboards, d => Assert.Equal(1, d.Version));
        Assert.Equal(Set.Count, grafana.Saves);
        Assert.All(grafana.Dashboards.Values, d => Assert.Equal("insights-folder", d.FolderUid));

        var second = await PublishAsync(grafana);
        Assert.Equal(PublishOutcome.Unchanged, second.FolderOutcome);
        Assert.All(second.Dashboards, d => Assert.Equal(PublishOutcome.Unchanged, d.Outcome));
        Assert.Equal(Set.Count, grafana.Saves);
        Assert.All(grafana.Dashboards.Values, d => Assert.Equal(1, d.Dashboard["version"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Saves_overwrite_by_uid_into_the_folder_with_the_documented_body()
    {
        await using var grafana = new FakeGrafana(Token);
        await PublishAsync(grafana);
        var save = JsonNode.Parse(grafana.Requests.First(r => r.Path == "/api/dashboards/db").Body)!;
        Assert.True(save["overwrite"]!.GetValue<bool>());
        Assert.Equal("insights-folder", save["folderUid"]!.GetValue<string>());
        Assert.Equal("insights-org", save["dashboard"]!["uid"]!.GetValue<string>());
        Assert.Null(save["dashboard"]!["id"]);
        var folder = JsonNode.Parse(grafana.Requests.Single(r => r is { Method: "POST", Path: "/api/folders" }).Body)!;
        Assert.Equal("Insights", folder["title"]!.GetValue<string>());
        Assert.Equal("insights-folder", folder["uid"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_dashboard_edited_in_grafana_is_updated_and_only_it()
    {
        await using var grafana = new FakeGrafana(Token);
        await PublishAsync(grafana);
        var edited = grafana.Dashboards["insights-team"];
        edited.Dashboard["panels"]![1]!["title"] = "Renamed by hand";
        var report = await PublishAsync(grafana);
        Assert.Equal(PublishOutcome.Updated, report.Dashboards.Single(d => d.Uid == "insights-team").Outcome);
        Assert.Equal(2, report.Dashboards.Single(d => d.Uid == "insights-team").Version);
        Assert.All(report.Dashboards.Where(d => d.Uid != "insights-team"), d => Assert.Equal(PublishOutcome.Unchanged, d.Outcome));
        Assert.Equal(Set.Count + 1, grafana.Saves);
    }

    [Fact]
    public async Task Fields_grafana_adds_on_save_are_not_drift()
    {
        await using var grafana = new FakeGrafana(Token);
        await PublishAsync(grafana);
        foreach (var stored in grafana.Dashboards.Values)
        {
            stored.Dashboard["weekStart"] = "";
            stored.Dashboard["panels"]![0]!["pluginVersion"] = "12.1.0";
            foreach (var row in stored.Dashboard["panels"]!.AsArray().Where(p => p!["type"]!.GetValue<string>() == "row"))
            {
                row!.AsObject().Remove("panels"); // an open row's empty panel list
            }
        }
        Assert.All((await PublishAsync(grafana)).Dashboards, d => Assert.Equal(PublishOutcome.Unchanged, d.Outcome));
    }

    [Fact]
    public async Task A_dashboard_in_another_folder_is_moved()
    {
        await using var grafana = new FakeGrafana(Token);
        await PublishAsync(grafana);
        grafana.AddFolder("elsewhere", "Elsewhere");
        var moved = grafana.Dashboards["insights-dora"];
        grafana.Dashboards["insights-dora"] = (moved.Dashboard, "elsewhere", false);
        var report = await PublishAsync(grafana);
        Assert.Equal(PublishOutcome.Updated, report.Dashboards.Single(d => d.Uid == "insights-dora").Outcome);
        Assert.Equal("insights-folder", grafana.Dashboards["insights-dora"].FolderUid);
    }

    [Fact]
    public async Task A_dry_run_reports_what_would_change_and_writes_nothing()
    {
        await using var grafana = new FakeGrafana(Token);
        var empty = await PublishAsync(grafana, dryRun: true);
        Assert.Equal(PublishOutcome.WouldCreate, empty.FolderOutcome);
        Assert.All(empty.Dashboards, d => Assert.Equal(PublishOutcome.WouldCreate, d.Outcome));
        Assert.DoesNotContain(grafana.Requests, r => r.Method == "POST");

        await PublishAsync(grafana);
        grafana.Dashboards["insights-slo"].Dashboard["title"] = "SLOs (edited)";
        var saves = grafana.Saves;
        var report = await PublishAsync(grafana, dryRun: true);
        Assert.Equal(PublishOutcome.WouldUpdate, report.Dashboards.Single(d => d.Uid == "insights-slo").Outcome);
        Assert.Equal(saves, grafana.Saves);
    }

    [Fact]
    public async Task A_folder_made_by_hand_with_the_same_title_is_used()
    {
        await using var grafana = new FakeGrafana(Token);
        grafana.AddFolder("hand-made", "Insights");
        var report = await PublishAsync(grafana);
        Assert.Equal("hand-made", report.FolderUid);
        Assert.Equal(PublishOutcome.Unchanged, report.FolderOutcome);
        Assert.All(grafana.Dashboards.Values, d => Assert.Equal("hand-made", d.FolderUid));
    }

    [Fact]
    public async Task A_refused_token_stops_with_a_401_message_that_never_shows_the_token()
    {
        await using var grafana = new FakeGrafana(Token);
        var error = await Assert.ThrowsAsync<GrafanaApiException>(() => PublishAsync(grafana, token: "wrong-token-value-123"));
        Assert.True(error.IsAuthFailure);
        Assert.Contains("401 Unauthorized", error.Message, StringComparison.Ordinal);
        Assert.Contains("--token-file", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-token-value-123", error.ToString(), StringComparison.Ordinal);
        Assert.Equal("Bearer wrong-token-value-123", Assert.Single(grafana.Requests).Authorization);
    }

    [Fact]
    public async Task A_token_without_permission_gets_a_403_message_naming_the_role()
    {
        await using var grafana = new FakeGrafana(Token);
        grafana.Script(403, "{\"message\":\"You'll need additional permissions to perform this action.\"}");
        var error = await Assert.ThrowsAsync<GrafanaApiException>(() => PublishAsync(grafana));
        Assert.Contains("403 Forbidden", error.Message, StringComparison.Ordinal);
        Assert.Contains("Editor role", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_title_taken_by_another_dashboard_fails_that_one_with_name_exists_and_publishes_the_rest()
    {
        await using var grafana = new FakeGrafana(Token);
        grafana.AddFolder("insights-folder", "Insights");
        grafana.Dashboards["someone-elses"] = (new JsonObject { ["id"] = 99, ["uid"] = "someone-elses", ["title"] = "Insights · DORA", ["version"] = 3 },
            "insights-folder", false);
        var report = await PublishAsync(grafana);
        var dora = report.Dashboards.Single(d => d.Uid == "insights-dora");
        Assert.Equal(PublishOutcome.Failed, dora.Outcome);
        Assert.Contains("412 name-exists", dora.Error, StringComparison.Ordinal);
        Assert.True(report.Failed);
        Assert.Equal(Set.Count - 1, report.Dashboards.Count(d => d.Outcome == PublishOutcome.Created));
    }

    [Fact]
    public async Task A_version_mismatch_is_explained()
    {
        await using var grafana = new FakeGrafana(Token);
        await PublishAsync(grafana);
        grafana.Dashboards["insights-org"].Dashboard["title"] = "edited";
        grafana.Script(200, "[{\"id\":1,\"uid\":\"insights-folder\",\"title\":\"Insights\"}]");
        grafana.Script(200, new JsonObject { ["dashboard"] = grafana.Dashboards["insights-org"].Dashboard.DeepClone(), ["meta"] = new JsonObject { ["folderUid"] = "insights-folder" } }.ToJsonString());
        grafana.Script(412, "{\"message\":\"The dashboard has been changed by someone else\",\"status\":\"version-mismatch\"}");
        var org = (await PublishAsync(grafana)).Dashboards.Single(d => d.Uid == "insights-org");
        Assert.Equal(PublishOutcome.Failed, org.Outcome);
        Assert.Contains("412 version-mismatch", org.Error, StringComparison.Ordinal);
        Assert.Contains("publish again", org.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_provisioned_dashboard_is_not_overwritten_and_says_why()
    {
        await using var grafana = new FakeGrafana(Token);
        await PublishAsync(grafana);
        var stored = grafana.Dashboards["insights-cost"];
        stored.Dashboard["title"] = "old";
        grafana.Dashboards["insights-cost"] = (stored.Dashboard, stored.FolderUid, true);
        var cost = (await PublishAsync(grafana)).Dashboards.Single(d => d.Uid == "insights-cost");
        Assert.Equal(PublishOutcome.Failed, cost.Outcome);
        Assert.Contains("provisioned from files", cost.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_errors_are_retried_until_grafana_answers()
    {
        await using var grafana = new FakeGrafana(Token);
        grafana.Script(503, "{\"message\":\"database is locked\"}");
        grafana.Script(502, "");
        var report = await PublishAsync(grafana, retries: 2);
        Assert.All(report.Dashboards, d => Assert.Equal(PublishOutcome.Created, d.Outcome));
        Assert.Equal(3, grafana.Requests.Count(r => r.Path == "/api/folders" && r.Method == "GET"));
    }

    [Fact]
    public async Task Server_errors_beyond_the_retries_fail_with_the_status()
    {
        await using var grafana = new FakeGrafana(Token);
        for (var i = 0; i < 3; i++)
        {
            grafana.Script(500, "{\"message\":\"internal\"}");
        }
        var error = await Assert.ThrowsAsync<GrafanaApiException>(() => PublishAsync(grafana, retries: 2));
        Assert.Contains("500", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, grafana.Requests.Count);
    }

    [Fact]
    public async Task A_url_that_is_not_grafana_says_so_on_404()
    {
        await using var grafana = new FakeGrafana(Token);
        grafana.Script(404, "{\"message\":\"Not found\"}");
        var error = await Assert.ThrowsAsync<GrafanaApiException>(() => PublishAsync(grafana));
        Assert.Contains("404", error.Message, StringComparison.Ordinal);
        Assert.Contains("Grafana's base URL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_folder_uid_is_derived_from_its_name_only() =>
        Assert.Equal(["insights-folder", "platform-kpis-folder", "insights-folder"],
            new[] { "Insights", "Platform KPIs", "  " }.Select(GrafanaFolder.UidFor));
}
