namespace Platform.Insights.Analytics.Uptime;

/// <summary>The state of the SRE workbook's multiwindow, multi-burn-rate alerts (as Sloth and Pyrra generate them).</summary>
public enum BurnAlert
{
    None,

    /// <summary>3× over 1d and 2h, or 1× over 3d and 6h: budget burning slowly, open a ticket.</summary>
    Ticket,

    /// <summary>14.4× over 1h and 5m, or 6× over 6h and 30m: budget burning fast, page.</summary>
    Page,
}
