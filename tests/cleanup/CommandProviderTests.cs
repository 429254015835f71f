using Microsoft.Extensions.Options;
using Platform.Insights.Cleanup.Execution;
using Platform.Insights.Cleanup.Providers;

namespace Platform.Insights.Cleanup.Tests;

public sealed class CommandProviderTests
{
    private static CleanupStep Step(string resource, CleanupAction action = CleanupAction.ScaleToZero, string? ns = "shop", int? replicas = null) =>
        new("stp_1", "pln/idl/" + action, "pln_1", "idl_1", resource, "k8s_workload", "payments", "dev", ns, action, replicas, "test");

    private static CommandActionProvider Provider(Dictionary<string, string[]> templates) =>
        new(Options.Create(new CleanupOptions { Provider = "command", Command = new CommandProviderOptions { Templates = new(templates, StringComparer.OrdinalIgnoreCase) } }));

    [Fact]
    public void The_command_runs_without_a_shell_and_each_value_stays_one_argument()
    {
        var info = CommandTemplate.Build(["kubectl", "scale", "deployment/{name}", "-n", "{namespace}", "--replicas=0"], Step("shop/web; rm -rf ~ #", ns: "a b"));

        Assert.False(info.UseShellExecute);
        Assert.Equal("kubectl", info.FileName);
        Assert.Equal(["scale", "deployment/web; rm -rf ~ #", "-n", "a b", "--replicas=0"], info.ArgumentList);
        Assert.Equal("", info.Arguments);
    }

    [Fact]
    public async Task Shell_metacharacters_in_a_resource_reach_the_program_verbatim_and_run_nothing()
    {
        var marker = Path.Combine(Path.GetTempPath(), "insights-cleanup-injected-" + Guid.NewGuid().ToString("N"));
        var hostile = $"vm \"1\" $(touch {marker}) `touch {marker}`; touch {marker} | cat > {marker} && echo '";
        var provider = Provider(new() { ["Stop"] = ["printf", "%s", "{resource}"] });

        var result = await provider.ExecuteAsync(Step(hostile, CleanupAction.Stop), CancellationToken.None);

        Assert.True(result.Succeeded, result.Detail);
        Assert.Equal(hostile, result.Detail);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public async Task A_value_that_would_start_an_option_is_refused_and_nothing_runs()
    {
        var marker = Path.Combine(Path.GetTempPath(), "insights-cleanup-option-" + Guid.NewGuid().ToString("N"));
        var provider = Provider(new() { ["Delete"] = ["touch", "{name}", marker] });

        var result = await provider.ExecuteAsync(Step("--no-create", CleanupAction.Delete), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Contains("option injection", result.Detail, StringComparison.Ordinal);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public async Task Scale_to_zero_reads_and_keeps_the_replica_count_for_undo()
    {
        var provider = Provider(new()
        {
            ["ReadReplicas"] = ["printf", "4"],
            ["ScaleToZero"] = ["printf", "scaled {name} in {namespace}"],
        });

        var result = await provider.ExecuteAsync(Step("shop/cart"), CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal(4, result.PreviousReplicas);
        Assert.Equal("scaled cart in shop", result.Detail);
    }

    [Fact]
    public async Task A_failing_command_or_a_missing_template_fails_the_step()
    {
        var provider = Provider(new() { ["Stop"] = ["false"] });

        Assert.False((await provider.ExecuteAsync(Step("vm-1", CleanupAction.Stop), CancellationToken.None)).Succeeded);
        Assert.Contains("no command template", (await provider.ExecuteAsync(Step("vm-1", CleanupAction.Delete), CancellationToken.None)).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_placeholder_or_action_fails_validation_naming_the_key()
    {
        var options = new CleanupOptions { Provider = "command", Command = new CommandProviderOptions { Templates = new() { ["Stop"] = ["aws", "{instance}"], ["Nuke"] = ["x"] } } };

        var errors = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).Select(e => e.ErrorMessage).ToList();

        Assert.Contains(errors, e => e!.Contains("Insights:Cleanup:Command:Templates:Stop uses unknown placeholder {instance}", StringComparison.Ordinal));
        Assert.Contains(errors, e => e!.Contains("Insights:Cleanup:Command:Templates:Nuke is not an action", StringComparison.Ordinal));
    }
}
