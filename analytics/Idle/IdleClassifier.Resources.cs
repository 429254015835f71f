using System.Globalization;

namespace Platform.Insights.Analytics.Idle;

internal sealed partial class IdleClassifier
{
    /// <summary>
    /// Volume / public IP: unattached (unassociated) for a run of whole days ending now; a finding from
    /// <paramref name="findingDays"/>, actionable from <paramref name="actionDays"/>. Re-attaching ends the run, so the
    /// finding closes (Active) on the next evaluation.
    /// </summary>
    private IdleFinding Unattached(Context c, string rule, double findingDays, double actionDays, string recommendation)
    {
        var window = (int)Math.Ceiling(findingDays);
        if (Undetermined(c, rule, window, d => d.AttachedMax) is { } undetermined)
        {
            return undetermined;
        }
        var lookback = Options.ScheduledLookbackDays;
        var run = IdleMath.TrailingRun(c.R.Days, d => d.AttachedMax is 0, lookback);
        var since = run == 0 ? (DateTime?)null : AsOf.AddDays(-run) < c.R.FirstHour ? c.R.FirstHour : AsOf.AddDays(-run);
        var days = since is { } start ? (AsOf - start).TotalDays : 0;
        c.Stat("unattached_days", Math.Round(days, 2), ">=", findingDays, "days", days >= findingDays);
        c.Stat("action_days", Math.Round(days, 2), ">=", actionDays, "days", days >= actionDays);
        if (days < findingDays)
        {
            return c.Finding(this, rule, IdleState.Active, window, actionable: false, null, "none: attached", null);
        }
        var text = days >= actionDays ? recommendation
            : string.Create(CultureInfo.InvariantCulture, $"{recommendation} once unattached for {actionDays:0} days (on {Date(since!.Value.AddDays(actionDays))})");
        return c.Finding(this, rule, IdleState.Idle, window, actionable: days >= actionDays, c.MonthlyCost, text, since);

        static string Date(DateTime at) => at.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    private IdleFinding Database(Context c)
    {
        const string rule = "database.unused";
        var window = c.Windows.Vm;
        var t = c.Thresholds;
        if (Undetermined(c, rule, window, d => d.ConnectionsMax) is { } undetermined)
        {
            return RatioRightsizeOrNull(c, window) ?? undetermined;
        }
        var max = InWindow(c, window).Where(d => d.ConnectionsMax is not null).Max(d => d.ConnectionsMax!.Value);
        c.Stat("connections_max", max, "<=", t.DatabaseConnections, "count", max <= t.DatabaseConnections);
        if (c.AllPassed)
        {
            var run = IdleMath.TrailingRun(c.R.Days, d => d.ConnectionsMax is { } m && m <= t.DatabaseConnections, Options.ScheduledLookbackDays);
            var since = AsOf.AddDays(-run) < c.R.FirstHour ? c.R.FirstHour : AsOf.AddDays(-run);
            return c.Finding(this, rule, IdleState.Idle, window, actionable: true, c.MonthlyCost, "snapshot, then delete the database", since);
        }
        return RatioRightsizeOrNull(c, window) ?? c.Finding(this, rule, IdleState.Active, window, actionable: false, null, "none: in use", null);
    }

    /// <summary>A database with enough CPU data can still be rightsized when its connection metric cannot decide.</summary>
    private IdleFinding? RatioRightsizeOrNull(Context c, int window) =>
        Undetermined(c.Fresh(), "database.rightsize", window, d => d.CpuMax) is null
            ? RatioRightsize(c, "database.rightsize", window, c.R.LongCpuRatioP95, c.R.LongMemoryRatioMax)
            : null;

    private IdleFinding LoadBalancer(Context c)
    {
        const string rule = "load_balancer.unused";
        var window = c.Windows.K8s;
        var t = c.Thresholds;
        if (Undetermined(c, rule, window, d => d.Requests ?? d.HealthyMax) is { } undetermined)
        {
            return undetermined;
        }
        var days = InWindow(c, window);
        var healthy = days.Where(d => d.HealthyMax is not null).Select(d => d.HealthyMax!.Value).DefaultIfEmpty(double.NaN).Max();
        var requests = days.Any(d => d.Requests is not null) ? days.Sum(d => d.Requests ?? 0) : double.NaN;
        var noTargets = !double.IsNaN(healthy) && healthy <= 0;
        var fewRequests = !double.IsNaN(requests) && requests < t.LoadBalancerRequests;
        c.Stat("healthy_targets_max", double.IsNaN(healthy) ? null : healthy, "=", 0, "count", noTargets);
        c.Stat("requests", double.IsNaN(requests) ? null : Math.Round(requests), "<", t.LoadBalancerRequests, "count", fewRequests);
        if (noTargets || fewRequests)
        {
            return c.Finding(this, rule, IdleState.Idle, window, actionable: true, c.MonthlyCost,
                noTargets ? "delete the load balancer: no healthy target" : "delete the load balancer: almost no requests", null);
        }
        return c.Finding(this, rule, IdleState.Active, window, actionable: false, null, "none: in use", null);
    }
}
