namespace Platform.Insights.Analytics.Lake;

/// <summary>
/// One kind of rows in the lake (<c>kind=NAME</c>): the store table it stands for, and the column whose UTC date names
/// its <c>date=YYYY-MM-DD</c> partition.
/// </summary>
public sealed record LakeKind(string Name, string Table, string DateColumn)
{
    /// <summary>Metric samples, by sample time.</summary>
    public static readonly LakeKind Metrics = new("metrics", "metric_samples", "ts");

    /// <summary>Series (metric and labels), by first sight: a small side table the samples join to.</summary>
    public static readonly LakeKind Series = new("series", "metric_series", "first_seen");

    /// <summary>ECS log events, by @timestamp.</summary>
    public static readonly LakeKind Logs = new("logs", "log_events", "ts");

    /// <summary>FOCUS line items, by billing period start, each row tagged with its delivery (restatement).</summary>
    public static readonly LakeKind Billing = new("billing", "focus_line_items", "BillingPeriodStart");

    public static readonly IReadOnlyList<LakeKind> All = [Metrics, Series, Logs, Billing];

    public static LakeKind Named(string name) => All.FirstOrDefault(k => k.Name == name)
        ?? throw new ArgumentException($"no lake kind '{name}' (one of {string.Join(", ", All.Select(k => k.Name))})", nameof(name));
}
