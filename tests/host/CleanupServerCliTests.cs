using System.Text.Json;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Cleanup.Tests.Support;
using Platform.Insights.Host.Tests.Support;

namespace Platform.Insights.Host.Tests;

/// <summary>
/// <c>insights cleanup … --server URL --token-file PATH</c> against a silo's real cleanup API (the server's endpoints and
/// bearer middleware in this process, over a cleanup harness's store): every verb acts on the server's state, never on
/// the local data directory; and <c>cleanup kill</c> without <c>--server</c> in cluster mode refuses while a server holds
/// the data directory, because a cluster's workers never read the local kill file.
/// </summary>
public sealed class CleanupServerCliTests : IDisposable
{
    private readonly TempDir _work = new("cleanup-server-cli");

    [Fact]
    public async Task Every_cleanup_verb_with_a_server_acts_through_its_api_and_leaves_the_local_data_directory_alone()
    {
        using var harness = new CleanupHarness();
        harness.Findings.Set([FakeIdleFindings.Idle("vm-a"), FakeIdleFindings.Idle("vm-b")]);
        await using var api = await CleanupApiSilo.StartAsync(harness);
        var server = api.Http.BaseAddress!.ToString();
        var tokenFile = _work.Write("token", CleanupApiSilo.AdminToken + "\n");
        string[] remote = ["--server", server, "--token-file", tokenFile, "--data", _work.Sub("data")];

        var plan = await InsightsExe.RunAsync(_work.Path, ["cleanup", "plan", "--policy", "idle-vms", "--format", "json", .. remote]);
        Assert.True(plan.ExitCode == 0, plan.ToString());
        using var planRows = JsonDocument.Parse(plan.Stdout);
        var first = planRows.RootElement.EnumerateArray().First();
        var planId = first.GetProperty("plan").GetString()!;
        var hash = first.GetProperty("hash").GetString()!;
        Assert.NotNull(await harness.Store.GetPlanAsync(planId, CancellationToken.None));

        var approve = await InsightsExe.RunAsync(_work.Path, ["cleanup", "approve", planId, "--hash", hash, .. remote]);
        Assert.True(approve.ExitCode == 0, approve.ToString());
        Assert.Equal("api:silo-admin", Assert.Single(await harness.Store.ApprovalsAsync(planId, CancellationToken.None)).ApprovedBy);

        var apply = await InsightsExe.RunAsync(_work.Path, ["cleanup", "apply", planId, "--format", "csv", .. remote]);
        Assert.True(apply.ExitCode == 0, apply.ToString());
        Assert.Contains($"{planId},1,", apply.Stdout, StringComparison.Ordinal);

        var kill = await InsightsExe.RunAsync(_work.Path, ["cleanup", "kill", "--reason", "stopped over http", .. remote]);
        Assert.True(kill.ExitCode == 0, kill.ToString());
        Assert.Contains("stopped over http", await harness.Kill.ReasonAsync(CancellationToken.None), StringComparison.Ordinal);
        // The environment variables stand for --server and --token-file, as INSIGHTS_DATA stands for --data.
        var status = await InsightsExe.RunAsync(_work.Path, ["cleanup", "status", "--format", "json", "--data", _work.Sub("data")],
            new Dictionary<string, string> { ["INSIGHTS_SERVER"] = server, ["INSIGHTS_TOKEN_FILE"] = tokenFile });
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains(planId, status.Stdout, StringComparison.Ordinal);
        Assert.Contains("kill switch: ON", status.Stderr, StringComparison.Ordinal);
        var release = await InsightsExe.RunAsync(_work.Path, ["cleanup", "kill", "--release", .. remote]);
        Assert.True(release.ExitCode == 0, release.ToString());
        Assert.False(await harness.Kill.EngagedAsync(CancellationToken.None));

        var undo = await InsightsExe.RunAsync(_work.Path, ["cleanup", "undo", "stp_000000000000", .. remote]);
        Assert.Equal(1, undo.ExitCode);
        Assert.Contains("refused:", undo.Stderr, StringComparison.Ordinal);
        Assert.Contains(await harness.Store.AuditAsync(null, CancellationToken.None), a => a.Kind == "kill" && a.Actor == "api:silo-admin");
        Assert.False(File.Exists(Path.Combine(_work.Sub("data"), "insights.duckdb")), "a --server verb opened the local store");
    }

    [Fact]
    public async Task A_bad_token_fails_naming_the_answer_and_a_server_without_a_token_file_is_bad_usage()
    {
        using var harness = new CleanupHarness();
        await using var api = await CleanupApiSilo.StartAsync(harness);
        var server = api.Http.BaseAddress!.ToString();

        var wrong = await InsightsExe.RunAsync(_work.Path, ["cleanup", "status", "--server", server, "--token-file", _work.Write("wrong", "not-the-admin-token-at-all"), "--data", _work.Sub("data")]);
        var noToken = await InsightsExe.RunAsync(_work.Path, ["cleanup", "kill", "--server", server, "--data", _work.Sub("data")]);

        Assert.Equal(1, wrong.ExitCode);
        Assert.Contains("401", wrong.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, noToken.ExitCode);
        Assert.Contains("--token-file", noToken.Stderr, StringComparison.Ordinal);
        Assert.False(await harness.Kill.EngagedAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Cleanup_kill_without_a_server_in_cluster_mode_refuses_while_a_server_holds_the_data_directory()
    {
        var data = _work.Sub("held");
        Directory.CreateDirectory(data);
        using var held = DataDirectoryLock.Acquire(data, "serve", "http://127.0.0.1:5080", TimeProvider.System);

        var kill = await InsightsExe.RunAsync(_work.Path, ["cleanup", "kill", "--data", data], new Dictionary<string, string>
        {
            ["Insights__Mode"] = "Cluster",
            ["Insights__Cluster__ConnectionString"] = "Host=127.0.0.1;Port=1;Username=postgres",
            ["Insights__Lake__Root"] = _work.Sub("lake"),
        });

        Assert.Equal(2, kill.ExitCode);
        Assert.Contains("--server URL --token-file PATH", kill.Stderr, StringComparison.Ordinal);
        Assert.Contains("nothing was changed", kill.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(data, "cleanup.kill")));
    }

    public void Dispose() => _work.Dispose();
}
