using System.Text.Json.Serialization;

namespace Platform.Insights.Analytics.Cost;

/// <summary>The calendar bucket spend is trended by (UTC): days, ISO weeks starting Monday, or months.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CostInterval>))]
public enum CostInterval
{
    [JsonStringEnumMemberName("day")]
    Day,
    [JsonStringEnumMemberName("week")]
    Week,
    [JsonStringEnumMemberName("month")]
    Month,
}
