namespace Platform.Insights.Analytics.Uptime;

/// <summary>The period a utilisation rollup groups by.</summary>
public enum UtilisationBucket
{
    Hour,
    Day,
}
