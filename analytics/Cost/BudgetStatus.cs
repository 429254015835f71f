using System.Text.Json.Serialization;

namespace Platform.Insights.Analytics.Cost;

/// <summary>Where a monthly budget stands: month-to-date already above it, forecast above it, or neither.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BudgetStatus>))]
public enum BudgetStatus
{
    [JsonStringEnumMemberName("on track")]
    OnTrack,
    [JsonStringEnumMemberName("at risk")]
    AtRisk,
    [JsonStringEnumMemberName("over")]
    Over,
}
