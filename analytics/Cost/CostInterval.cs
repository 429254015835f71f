namespace Platform.Insights.Analytics.Cost;

/// <summary>The calendar bucket spend is trended by (UTC): days, ISO weeks starting Monday, or months.</summary>
public enum CostInterval
{
    Day,
    Week,
    Month,
}
