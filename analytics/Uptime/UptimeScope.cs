namespace Platform.Insights.Analytics.Uptime;

/// <summary>What one uptime KPI row describes.</summary>
public enum UptimeScope
{
    Org,
    Team,
    Service,
}
