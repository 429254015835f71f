using Platform.Insights.Dashboards.Tests.Support;
using Platform.Insights.Host.Tests.Support;

namespace Platform.Insights.Host.Tests;

/// <summary><c>insights dashboards generate|publish</c> as a user runs them (the publish side against an in-process Grafana).</summary>
public sealed class DashboardsCliTests : IDisposable
{
    private const string Token = "glsa_cli_secret_token_0123456789";
    private readonly TempDir _work = new("dashboards");

    public void Dispose() => _work.Dispose();

    [Fact]
    public async Task Generate_writes_every_dashboard_and_the_provisioning_files()
    {
        var result = await InsightsExe.RunAsync(_work.Path, ["dashboards", "generate", "--out", "grafana", "--format", "csv"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var dashboards = Directory.GetFiles(_work.Sub("grafana/dashboards"), "*.json").Select(Path.GetFileName).Order().ToList();
        Assert.Equal(["insights-cost.json", "insights-dora.json", "insights-idle.json", "insights-org.json", "insights-pipeline.json",
            "insights-service.json", "insights-slo.json", "insights-team.json"], dashboards);
        var provider = File.ReadAllText(_work.Sub("grafana/provisioning/dashboards/insights.yaml"));
        Assert.Contains($"path: {_work.Sub("grafana/dashboards")}", provider, StringComparison.Ordinal);
        Assert.Contains("url: http://localhost:9090", File.ReadAllText(_work.Sub("grafana/provisioning/datasources/insights.yaml")), StringComparison.Ordinal);
        Assert.StartsWith("file,kind,title,panels,bytes", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("dashboards/insights-org.json,dashboard,Insights · Organisation,", result.Stdout, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_work.Sub("data")), "generating dashboards must not create a data directory");
    }

    [Fact]
    public async Task Generate_with_a_bad_currency_exits_2_naming_the_option()
    {
        var result = await InsightsExe.RunAsync(_work.Path, ["dashboards", "generate", "--out", "grafana", "--currency", "dollars"]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--currency 'dollars'", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_twice_reports_created_then_unchanged_and_never_prints_the_token()
    {
        await using var grafana = new FakeGrafana(Token);
        var tokenFile = _work.Write("grafana.token", Token + "\n");

        var first = await InsightsExe.RunAsync(_work.Path, ["dashboards", "publish", "--grafana", grafana.Url, "--token-file", tokenFile, "--format", "csv"]);
        var second = await InsightsExe.RunAsync(_work.Path, ["dashboards", "publish", "--grafana", grafana.Url, "--token-file", tokenFile, "--format", "csv"]);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("folder,insights-folder,Insights,created,", first.Stdout, StringComparison.Ordinal);
        Assert.Equal(8, first.Stdout.Split('\n').Count(l => l.StartsWith("dashboard,", StringComparison.Ordinal) && l.Contains(",created,1,", StringComparison.Ordinal)));
        Assert.Equal(8, second.Stdout.Split('\n').Count(l => l.StartsWith("dashboard,", StringComparison.Ordinal) && l.Contains(",unchanged,1,", StringComparison.Ordinal)));
        Assert.Contains("8 unchanged", second.Stderr, StringComparison.Ordinal);
        Assert.Equal(8, grafana.Saves);
        foreach (var output in new[] { first.Stdout, first.Stderr, second.Stdout, second.Stderr })
        {
            Assert.DoesNotContain(Token, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Publish_with_a_refused_token_exits_1_with_the_401_explained()
    {
        await using var grafana = new FakeGrafana(Token);
        var tokenFile = _work.Write("grafana.token", "not-the-token-at-all");

        var result = await InsightsExe.RunAsync(_work.Path, ["dashboards", "publish", "--grafana", grafana.Url, "--token-file", tokenFile]);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("401 Unauthorized", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-token-at-all", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_with_a_missing_token_file_exits_2()
    {
        var result = await InsightsExe.RunAsync(_work.Path, ["dashboards", "publish", "--grafana", "http://127.0.0.1:9", "--token-file", "nowhere.token"]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("nowhere.token", result.Stderr, StringComparison.Ordinal);
    }
}
