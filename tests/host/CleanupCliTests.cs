using Platform.Insights.Host.Tests.Support;

namespace Platform.Insights.Host.Tests;

/// <summary><c>insights cleanup</c> verbs on a fresh data directory: exit codes, refusals and the kill switch.</summary>
public sealed class CleanupCliTests : IDisposable
{
    private readonly TempDir _work = new("cleanup-cli");

    private Task<CliResult> RunAsync(params string[] args) => InsightsExe.RunAsync(_work.Path, ["cleanup", .. args, "--data", _work.Sub("data")]);

    [Fact]
    public async Task Approving_or_applying_an_unknown_plan_is_refused_with_exit_code_1()
    {
        var approve = await RunAsync("approve", "pln_000000000000", "--hash", "0123456789abcdef");
        var apply = await RunAsync("apply", "pln_000000000000");
        var usage = await RunAsync("approve", "pln_000000000000");

        Assert.Equal(1, approve.ExitCode);
        Assert.Contains("refused: no plan pln_000000000000", approve.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, apply.ExitCode);
        Assert.Equal(2, usage.ExitCode); // --hash is required: the approval binds to it
    }

    [Fact]
    public async Task The_kill_switch_shows_in_status_until_released_and_is_audited()
    {
        var kill = await RunAsync("kill", "--reason", "cli test");
        var status = await RunAsync("status", "--format", "json");
        var release = await RunAsync("kill", "--release");
        var after = await RunAsync("status");
        var audit = await InsightsExe.RunAsync(_work.Path, ["query", "SELECT kind, outcome, detail FROM cleanup_audit ORDER BY seq", "--format", "csv", "--data", _work.Sub("data")]);

        Assert.Equal(0, kill.ExitCode);
        Assert.Contains("kill switch: ON", status.Stderr, StringComparison.Ordinal);
        Assert.Contains("cli test", status.Stderr, StringComparison.Ordinal);
        Assert.Equal("[]", status.Stdout.Trim());
        Assert.Equal(0, release.ExitCode);
        Assert.Contains("kill switch: off", after.Stderr, StringComparison.Ordinal);
        Assert.Contains("realised savings: none yet", after.Stderr, StringComparison.Ordinal);
        Assert.Contains("kill,engaged,cli test", audit.Stdout, StringComparison.Ordinal);
        Assert.Contains("kill,released", audit.Stdout, StringComparison.Ordinal);
    }

    public void Dispose() => _work.Dispose();
}
