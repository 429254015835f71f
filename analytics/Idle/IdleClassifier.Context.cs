using System.Globalization;

namespace Platform.Insights.Analytics.Idle;

internal sealed partial class IdleClassifier
{
    /// <summary>One resource's evaluation: its effective thresholds and the statistics collected so far.</summary>
    private sealed class Context(IdleResourceStats r, string type, string? environment, IdleThresholds thresholds, IdleWindows windows, string ruleVersion, IReadOnlyList<string> appliedTags, IReadOnlyList<string> ignoredTags)
    {
        private readonly List<IdleStatistic> _stats = [];

        public IdleResourceStats R { get; } = r;

        public IdleThresholds Thresholds { get; } = thresholds;

        /// <summary>The rule windows for this resource (default, then its environment's, then its tags).</summary>
        public IdleWindows Windows { get; } = windows;

        /// <summary>The coverage of the statistics this resource type's rule reads.</summary>
        public Func<IdleDay, double> CoverageOf { get; } = type switch
        {
            IdleResourceTypes.Volume or IdleResourceTypes.PublicIp => d => d.AttachedCoverage,
            IdleResourceTypes.Database => d => d.ConnectionsCoverage,
            IdleResourceTypes.LoadBalancer => d => d.LoadBalancerCoverage,
            _ => d => Math.Min(d.CpuCoverage, d.NetworkCoverage),
        };

        public IReadOnlyList<IdleStatistic> Stats => _stats;

        public bool AllPassed => _stats.Count > 0 && _stats.All(s => s.Passed);

        public decimal? MonthlyCost => R.Billing is { } b ? IdleMath.Monthly(b) : null;

        public Context Fresh() => new(R, type, environment, Thresholds, Windows, ruleVersion, appliedTags, ignoredTags);

        public void Stat(string name, double? value, string comparison, double threshold, string unit, bool? passed) =>
            _stats.Add(new IdleStatistic(name, value, comparison, threshold, unit, passed == true));

        public IdleFinding Undetermined(IdleClassifier classifier, string rule, int window, string reason) =>
            Finding(classifier, rule, IdleState.Undetermined, window, actionable: false, null, "undetermined: " + reason, null);

        public IdleFinding Finding(IdleClassifier classifier, string rule, IdleState state, int window, bool actionable, decimal? savings, string recommendation, DateTime? since, int? coverageWindow = null)
        {
            var coverage = IdleMath.Coverage(R.Days, coverageWindow ?? window, CoverageOf);
            var minimum = classifier.Options.MinimumCoverage;
            var statistics = new List<IdleStatistic> { new("coverage", coverage, ">=", minimum, "ratio", coverage >= minimum) };
            statistics.AddRange(_stats);
            var overrides = new List<string>();
            if (environment is not null && classifier.Options.Environments.ContainsKey(environment))
            {
                overrides.Add("environment " + environment);
            }
            if (Windows != new IdleWindows(classifier.Options.VmWindowDays, classifier.Options.K8sWindowDays))
            {
                overrides.Add(string.Create(CultureInfo.InvariantCulture, $"windows {Windows.Vm}/{Windows.K8s} days"));
            }
            overrides.AddRange(appliedTags.Select(t => "tag " + t));
            var note = overrides.Count > 0 ? $" (thresholds from {string.Join(", ", overrides)})" : "";
            if (ignoredTags.Count > 0)
            {
                note += $" (ignored unreadable tags: {string.Join(", ", ignoredTags)})";
            }
            var end = classifier.AsOf;
            return new IdleFinding(
                FindingId(R.ResourceId, rule), R.ResourceId, type, R.Service, R.Team, environment, state, rule, ruleVersion,
                actionable && state == IdleState.Idle, state is IdleState.Active or IdleState.Undetermined ? null : savings,
                R.Billing?.Currency, R.Tags, end.AddDays(-window), end, since, Math.Round(coverage, 6),
                recommendation + note, statistics, R.Billing);
        }
    }

    /// <summary>Undetermined when the metric source is silent, the resource younger than the window, coverage too low, or the rule's metric absent.</summary>
    private IdleFinding? Undetermined(Context c, string rule, int window, Func<IdleDay, double?> primary)
    {
        var r = c.R;
        var windowStart = AsOf.AddDays(-window);
        var lastSample = r.LastHour.AddHours(1);
        if (lastSample <= AsOf - Options.SilentAfter)
        {
            return c.Undetermined(this, rule, window, string.Create(CultureInfo.InvariantCulture, $"the metric source is silent since {lastSample:yyyy-MM-dd HH:mm} UTC"));
        }
        if (r.FirstHour > windowStart)
        {
            return c.Undetermined(this, rule, window, string.Create(CultureInfo.InvariantCulture,
                $"younger than the {window}-day window (first sample {r.FirstHour:yyyy-MM-dd HH:mm} UTC, {(AsOf - r.FirstHour).TotalHours:0} h of data)"));
        }
        var coverage = IdleMath.Coverage(r.Days, window, c.CoverageOf);
        if (coverage < Options.MinimumCoverage)
        {
            return c.Undetermined(this, rule, window, string.Create(CultureInfo.InvariantCulture, $"coverage {coverage:P1} of the {window}-day window (needs {Options.MinimumCoverage:P0})"));
        }
        if (!r.Days.Any(d => d.DaysAgo < window && primary(d) is not null))
        {
            return c.Undetermined(this, rule, window, "the metric this rule reads is missing");
        }
        return null;
    }

    /// <summary>
    /// Busy on some day of the lookback (a day's CPU maximum at the busy line) and quiet on most others: recommend a
    /// schedule, never deletion (month-end and weekly batch jobs).
    /// </summary>
    private IdleFinding? Scheduled(Context c, string rule, int window, Func<IdleDay, bool?> busy)
    {
        var lookback = Options.ScheduledLookbackDays;
        var judged = c.R.Days.Where(d => d.DaysAgo >= 0 && d.DaysAgo < lookback).Select(d => (Day: d, Busy: busy(d))).Where(x => x.Busy is not null).ToList();
        var busyDays = judged.Where(x => x.Busy == true).Select(x => x.Day).ToList();
        if (busyDays.Count == 0 || judged.Count == 0)
        {
            return null;
        }
        var quietShare = (double)(judged.Count - busyDays.Count) / judged.Count;
        if (quietShare < c.Thresholds.ScheduledQuietShare)
        {
            return null;
        }
        var s = c.Fresh();
        s.Stat("busy_days", busyDays.Count, ">=", 1, "days", true);
        s.Stat("quiet_share", quietShare, ">=", c.Thresholds.ScheduledQuietShare, "ratio", true);
        s.Stat("busy_cpu", null, ">=", c.Thresholds.ScheduledBusyCpu, "ratio", true);
        var dates = busyDays.Select(d => DateOnly.FromDateTime(AsOf.AddDays(-d.DaysAgo - 1))).Order().ToList();
        return s.Finding(this, rule, IdleState.Scheduled, lookback, actionable: false,
            c.MonthlyCost is { } m ? decimal.Round(m * (decimal)quietShare, 2) : null,
            "run it on a schedule: " + IdleSchedule.Describe(dates, judged.Count), null, coverageWindow: window);
    }
}
