using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Platform.Insights.Cleanup.Execution;
using Platform.Insights.Cleanup.Policies;
using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Cleanup.Tests;

public sealed class CleanupPolicyFileTests
{
    private static IReadOnlyList<CleanupPolicy> Parse(string yaml) => CleanupPolicyFile.Parse(new StringReader(yaml), "policies.yaml", TimeSpan.FromDays(7));

    private static string Policy(string ladder, string select = "resourceTypes: [vm]") => $"""
        policies:
          - name: p
            select:
              {select}
            ladder:
        {ladder}
        """;

    [Fact]
    public void A_zero_grace_period_is_rejected_naming_file_line_and_field()
    {
        var error = Assert.Throws<InputFormatException>(() => Parse(Policy("""
                  - action: notify
                  - action: stop
                    grace: 0d
            """)));

        Assert.Equal(7, error.Line);
        Assert.StartsWith("policies.yaml:7:", error.Message, StringComparison.Ordinal);
        Assert.Contains("policies[0].ladder[1].grace", error.Message, StringComparison.Ordinal);
        Assert.Contains("cannot be zero", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zero_grace_period_in_the_configured_policy_file_fails_start_up_naming_the_key()
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, Policy("""
                  - action: notify
                  - action: stop
                    grace: "00:00:00"
            """));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Insights:Cleanup:Policies"] = file }).Build();
        using var provider = new ServiceCollection().AddCleanup(configuration).BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<CleanupOptions>>().Value);

        Assert.Contains("Insights:Cleanup:Policies", failure.Message, StringComparison.Ordinal);
        Assert.Contains($"{file}:7:", failure.Message, StringComparison.Ordinal);
        File.Delete(file);
    }

    [Fact]
    public void A_full_policy_parses_with_its_ladder_selector_and_caps()
    {
        var policy = Assert.Single(Parse("""
            policies:
              - name: idle-dev-vms
                select:
                  resourceTypes: [vm]
                  states: [Idle]
                  teams: [payments]
                  environments: [dev]
                  tags: { cost-center: "", tier: batch }
                  minMonthlySavings: 20
                ladder:
                  - action: notify
                  - action: stop
                    grace: 3d
                  - action: snapshot
                    grace: 12h
                  - action: verify
                    grace: 1h
                  - action: delete
                schedule: "0 10 * * 1-5"
                enforce: true
                maxResources: 5
                maxPercent: 2.5
            """));

        Assert.Equal([CleanupAction.Notify, CleanupAction.Stop, CleanupAction.Snapshot, CleanupAction.Verify, CleanupAction.Delete], policy.Ladder.Select(s => s.Action));
        Assert.Equal([TimeSpan.Zero, TimeSpan.FromDays(3), TimeSpan.FromHours(12), TimeSpan.FromHours(1), TimeSpan.FromDays(7)], policy.Ladder.Select(s => s.Grace));
        Assert.Equal(20m, policy.MinMonthlySavings);
        Assert.Equal((5, 2.5), (policy.MaxResources!.Value, policy.MaxPercent!.Value));
        Assert.True(policy.Enforce);
        Assert.Equal("", policy.Tags["cost-center"]);
    }

    [Theory]
    [InlineData("      - action: stop\n", "must be notify")]
    [InlineData("      - action: notify\n      - action: delete\n        grace: 1d\n", "delete needs snapshot then verify")]
    [InlineData("      - action: notify\n      - action: nuke\n", "must be one of")]
    [InlineData("      - action: notify\n        grace: 1d\n        when: never\n", "when is not a known field")]
    [InlineData("      - action: notify\n      - action: stop\n        grace: 30m\n", "at least 1h")]
    public void Bad_ladders_are_rejected_with_the_reason(string ladder, string reason)
    {
        var error = Assert.Throws<InputFormatException>(() => Parse(Policy(ladder.Replace("\n      ", "\n          ", StringComparison.Ordinal).Insert(0, "    "))));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("states: [Undetermined]", "never actionable")]
    [InlineData("states: [Underutilized]\n      resourceTypes: [vm]", "only notify")]
    [InlineData("resourceType: [vm]", "resourceType is not a known field")]
    public void Bad_selectors_are_rejected_with_the_reason(string select, string reason)
    {
        var ladder = "          - action: notify\n          - action: stop\n            grace: 1d\n";
        var error = Assert.Throws<InputFormatException>(() => Parse(Policy(ladder, select)));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [FsCheck.Xunit.Property]
    public Property A_grace_in_hours_parses_exactly_and_anything_under_an_hour_is_refused(PositiveInt hours, NonNegativeInt minutes)
    {
        var fields = new Fields("f.yaml");
        var node = new YamlDotNet.RepresentationModel.YamlScalarNode("x");
        var parsed = CleanupPolicyFile.ParseGrace(fields, node, $"{hours.Get}h", "g") == TimeSpan.FromHours(hours.Get);
        var m = minutes.Get % 60;
        var refused = Record.Exception(() => CleanupPolicyFile.ParseGrace(fields, node, $"{m}m", "g")) is InputFormatException;
        return (parsed && refused).ToProperty();
    }
}
