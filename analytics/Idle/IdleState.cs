namespace Platform.Insights.Analytics.Idle;

/// <summary>What the detector concluded about one resource over its rule's window.</summary>
public enum IdleState
{
    /// <summary>Busy enough: no finding to act on.</summary>
    Active,

    /// <summary>Unused by the rule's thresholds: a clean-up candidate.</summary>
    Idle,

    /// <summary>Used, but provisioned well above what it uses: rightsize, never delete.</summary>
    Underutilized,

    /// <summary>Idle between regular bursts (e.g. month-end jobs): recommend a schedule, never delete.</summary>
    Scheduled,

    /// <summary>Not enough data (coverage, age, or the metric source silent): never actionable.</summary>
    Undetermined,
}
