namespace Platform.Insights.Demo.Tests;

public sealed class DefaultScaleTests
{
    [Fact]
    public async Task The_default_organisation_has_the_documented_scale()
    {
        using var directory = new TempDirectory();

        var m = await DemoGenerator.WriteAsync(new DemoOrganisationOptions(), directory.Path);

        Assert.InRange(m.MetricSamples, 3_000_000, 4_000_000);
        Assert.InRange(m.LogEvents, 100_000, 150_000);
        Assert.InRange(m.Resources.Count / (double)m.Services.Count, 2.0, 3.0);
        Assert.InRange(m.Resources.Count(r => r.Profile == DemoResourceProfile.Idle && r.Type != "volume"), 5, 15);
        Assert.InRange(m.Resources.Count(r => r.Profile == DemoResourceProfile.OverProvisioned), 5, 15);
        Assert.Equal(2, m.Resources.Count(r => r.Profile == DemoResourceProfile.Scheduled));

        // One or two services clearly below 99.9 %; every other one within it.
        var minutes = m.Days * 1440.0;
        var availability = m.Services.ToDictionary(s => s.Name, s =>
            100 * (1 - (m.Incidents.Where(i => i.Service == s.Name).Sum(i => (i.End - i.Start).TotalMinutes) / minutes)));
        var below = availability.Where(a => a.Value < 99.9).ToList();
        Assert.InRange(below.Count, 1, 2);
        Assert.All(below, a => Assert.True(a.Value < 99.8, $"{a.Key}: {a.Value:F3}"));

        // A few production deployments per service per week, more in staging.
        var perServiceWeek = m.Deployments.Production / (double)m.Services.Count / (m.Days / 7.0);
        Assert.InRange(perServiceWeek, 1.5, 8);
        Assert.True(m.Deployments.Staging > 2 * m.Deployments.Production);
    }
}
