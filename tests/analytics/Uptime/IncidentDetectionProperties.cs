using FsCheck.Xunit;
using Platform.Insights.Analytics.Uptime;

namespace Platform.Insights.Analytics.Tests.Uptime;

/// <summary>One store for the property runs; each run writes its own service.</summary>
public sealed class UptimeStoreFixture : IDisposable
{
    public UptimeStore Store { get; } = new(new UptimeKpiOptions { MinimumIncidentDuration = TimeSpan.Zero });

    public void Dispose() => Store.Dispose();
}

public sealed class IncidentDetectionProperties(UptimeStoreFixture fixture) : IClassFixture<UptimeStoreFixture>
{
    private static int _runs;

    [Property(MaxTest = 25)]
    public async Task<bool> Probe_incidents_are_the_runs_of_failing_samples_and_counters_add_every_increment(bool[] failing, byte[] increments, byte[] resets)
    {
        var service = $"svc{Interlocked.Increment(ref _runs)}";
        var t0 = UptimeStore.T0;
        await fixture.Store.ProbeAsync(service, t0, TimeSpan.FromMinutes(1), failing.Select(f => f ? 0.0 : 1.0));
        var expected = new List<(DateTime Start, DateTime? End)>();
        for (var i = 0; i < failing.Length; i++)
        {
            if (failing[i] && (i == 0 || !failing[i - 1]))
            {
                var up = Array.FindIndex(failing, i, f => !f);
                expected.Add((t0.AddMinutes(i), up < 0 ? null : t0.AddMinutes(up)));
            }
        }

        // A counter that grows by each increment and restarts from 0 where a reset byte says so (a restart that does not
        // drop below the previous value cannot be seen in the samples, so those are plain increments).
        var values = new List<double> { 7 };
        double added = 0;
        for (var k = 0; k < increments.Length; k++)
        {
            var reset = resets.Length > 0 && resets[k % resets.Length] % 4 == 0 && increments[k] < values[^1];
            values.Add(reset ? increments[k] : values[^1] + increments[k]);
            added += increments[k];
        }
        var counter = $"{service}-requests";
        await fixture.Store.CounterAsync(counter, "200", t0, TimeSpan.FromMinutes(1), values);

        var end = t0.AddMinutes(Math.Max(failing.Length, values.Count) + 1);
        var found = await fixture.Store.Incidents.StartedInAsync(t0, end, service, null, CancellationToken.None);
        var sums = await fixture.Store.Sli.ForAsync([new UptimeWindow("w", t0, end)], counter, null, CancellationToken.None);
        return found.Select(i => (i.Start, i.End)).SequenceEqual(expected)
               && Math.Abs(sums.Single().Totals.TotalRequests - added) < 1e-9;
    }
}
