namespace Platform.Insights.Analytics.Productivity;

/// <summary>A DORA performance band; a figure computed from nothing has no band (DevLake's "N/A").</summary>
public enum DoraBand
{
    Elite,
    High,
    Medium,
    Low,
}
