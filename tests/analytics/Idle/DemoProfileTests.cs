using Platform.Insights.Analytics.Idle;
using Platform.Insights.Analytics.Tests.Support;
using Platform.Insights.Demo;
using Platform.Insights.Ingest.Parsers;

namespace Platform.Insights.Analytics.Tests.Idle;

/// <summary>
/// The demo generator's resource profiles, read back through the standard formats, come out as the detector should
/// judge them — a check that the generator and the rules agree, not a fixture the rules were tuned to.
/// </summary>
public sealed class DemoProfileTests
{
    [Fact]
    public async Task The_demo_organisations_idle_over_provisioned_scheduled_and_active_resources_are_classified_as_generated()
    {
        using var dir = new TempDirectory();
        var end = new DateOnly(2026, 11, 1);
        var manifest = await DemoGenerator.WriteAsync(new DemoOrganisationOptions { Teams = 2, Services = 22, Days = 36, Seed = 5, EndDate = end }, dir.Path);
        using var store = new IdleStore(now: end.ToDateTime(new TimeOnly(9, 30), DateTimeKind.Utc));
        foreach (var file in manifest.Files.Where(f => f.Kind == DemoFileKind.Metrics && Path.GetFileName(f.Path).StartsWith("resource_", StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(Path.Combine(dir.Path, file.Path));
            await store.SamplesAsync(OpenMetricsTextParser.Parse(reader, file.Path, 0).Select(r => r.Value!).ToList());
        }
        foreach (var file in manifest.Files.Where(f => f.Kind == DemoFileKind.Billing))
        {
            using var reader = new StreamReader(Path.Combine(dir.Path, file.Path));
            await store.BillingRowsAsync([.. FocusCsvParser.Parse(reader, file.Path).Select(r => r.Value!)]);
        }

        var findings = (await store.Detector.ListAsync(new IdleFindingFilter(), CancellationToken.None)).ToDictionary(f => f.ResourceId);

        Assert.Equal(manifest.Resources.Count, findings.Count);
        foreach (var resource in manifest.Resources)
        {
            var finding = findings[resource.Id];
            var expected = resource.Profile switch
            {
                DemoResourceProfile.Idle => IdleState.Idle,
                DemoResourceProfile.OverProvisioned => IdleState.Underutilized,
                DemoResourceProfile.Scheduled => IdleState.Scheduled,
                _ => IdleState.Active,
            };
            Assert.True(expected == finding.State, $"{resource.Id} ({resource.Type}, {resource.Profile}): {finding.State} by {finding.Rule}: {finding.Recommendation}");
            Assert.Equal((resource.Team, resource.Environment, resource.Type), (finding.Team, finding.Environment, finding.ResourceType));
            if (expected != IdleState.Active)
            {
                Assert.True(finding.MonthlySavings > 0, $"{resource.Id} has billing rows");
            }
        }
        Assert.Contains(findings.Values, f => f.State == IdleState.Scheduled && f.Recommendation.Contains("Mondays only", StringComparison.Ordinal));
        Assert.Contains(findings.Values, f => f.State == IdleState.Scheduled && f.Recommendation.Contains("of each month", StringComparison.Ordinal));
        Assert.All(manifest.Resources.Where(r => r.Attached == false), r => Assert.True(findings[r.Id].Actionable, "unattached for the whole 36 days"));
    }
}
