using System.Globalization;
using System.Text.Json;

namespace Platform.Insights.Demo.Tests;

[Collection(GeneratedOrganisationCollection.Name)]
public sealed class EcsLogTests(GeneratedOrganisation org)
{
    private IEnumerable<(string Path, JsonElement Event)> Events() => org.LogEvents;

    [Fact]
    public void Every_log_line_is_an_ecs_event_with_a_unique_id_on_its_files_day()
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var lastByFile = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var (path, e) in Events())
        {
            var timestamp = DateTimeOffset.Parse(e.GetProperty("@timestamp").GetString()!, CultureInfo.InvariantCulture);
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", e.GetProperty("@timestamp").GetString());
            Assert.True(ids.Add(e.GetProperty("event").GetProperty("id").GetString()!), "duplicate event.id");
            Assert.False(string.IsNullOrEmpty(e.GetProperty("service").GetProperty("name").GetString()));
            Assert.False(string.IsNullOrEmpty(e.GetProperty("message").GetString()));
            Assert.Contains(timestamp.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), path, StringComparison.Ordinal);
            Assert.True(!lastByFile.TryGetValue(path, out var last) || timestamp >= last, "events sorted by @timestamp");
            lastByFile[path] = timestamp;
            if (e.GetProperty("event").TryGetProperty("duration", out var duration))
            {
                Assert.True(duration.TryGetInt64(out var ns) && ns > 0, "event.duration is whole nanoseconds");
            }
            if (!e.GetProperty("event").TryGetProperty("action", out _))
            {
                Assert.Contains(e.GetProperty("log").GetProperty("level").GetString(), new[] { "warn", "error" });
            }
        }
        Assert.Equal(org.Manifest.LogEvents, ids.Count);
    }

    [Fact]
    public void Deployments_carry_commits_and_failed_ones_are_fixed_later()
    {
        var deployments = Events().Select(x => x.Event).Where(e => Action(e) == "deployment").ToList();
        var byId = deployments.ToDictionary(e => e.GetProperty("event").GetProperty("id").GetString()!);
        foreach (var d in deployments)
        {
            var labels = d.GetProperty("labels");
            Assert.Matches("^[0-9a-f]{40}$", labels.GetProperty("commit_sha").GetString());
            Assert.True(Time(labels.GetProperty("first_commit_at")) < Time(d.GetProperty("@timestamp")));
            Assert.Matches(@"^\d+\.\d+\.\d+(-rc\.\d+)?$", d.GetProperty("service").GetProperty("version").GetString());
            if (labels.TryGetProperty("fixes_event_id", out var fixes))
            {
                var failed = byId[fixes.GetString()!];
                Assert.Equal("failure", failed.GetProperty("event").GetProperty("outcome").GetString());
                Assert.True(Time(failed.GetProperty("@timestamp")) < Time(d.GetProperty("@timestamp")));
            }
        }
        var summary = org.Manifest.Deployments;
        Assert.Equal(summary.Total, deployments.Count);
        Assert.Equal(summary.Production, deployments.Count(d => d.GetProperty("service").GetProperty("environment").GetString() == "production"));
        Assert.Equal(summary.Failed, deployments.Count(d => d.GetProperty("event").GetProperty("outcome").GetString() == "failure"));
        Assert.True(summary.Fixes > 0 && summary.Production > summary.Fixes);
        Assert.True(summary.Staging > summary.Production);
    }

    [Fact]
    public void Builds_and_provisioning_report_durations_and_how_environments_were_requested()
    {
        var events = Events().Select(x => x.Event).ToList();
        var builds = events.Where(e => Action(e) == "build").ToList();
        var provisioning = events.Where(e => Action(e) == "environment-provisioning").ToList();
        Assert.NotEmpty(builds);
        Assert.All(builds, b => Assert.InRange(b.GetProperty("event").GetProperty("duration").GetInt64(), 60_000_000_000L, 3_600_000_000_000L));
        var via = provisioning.Select(p => p.GetProperty("labels").GetProperty("requested_via").GetString()).ToList();
        Assert.Contains("platform", via);
        Assert.Contains("ticket", via);
        Assert.All(via, v => Assert.Contains(v, new[] { "platform", "ticket" }));
    }

    private static string? Action(JsonElement e) =>
        e.GetProperty("event").TryGetProperty("action", out var a) ? a.GetString() : null;

    private static DateTimeOffset Time(JsonElement value) => DateTimeOffset.Parse(value.GetString()!, CultureInfo.InvariantCulture);
}
