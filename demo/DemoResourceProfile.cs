namespace Platform.Insights.Demo;

/// <summary>How a resource's utilisation was generated, i.e. what an idle detector should conclude.</summary>
public enum DemoResourceProfile
{
    /// <summary>Normal daily/weekly load.</summary>
    Active,

    /// <summary>CPU below 2 %, tiny network; unattached volumes are idle too.</summary>
    Idle,

    /// <summary>CPU 5–15 %, memory below 30 %: a rightsizing candidate, not idle.</summary>
    OverProvisioned,

    /// <summary>Busy only on one weekday or the last days of each month; idle in between but must not be cleaned up.</summary>
    Scheduled,
}
