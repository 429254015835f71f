using System.Text.Json.Serialization;

namespace Platform.Insights.Reports.Model;

/// <summary>A scorecard row's verdict against its target; <see cref="Missing"/> when there is no value to judge.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<KpiStatus>))]
public enum KpiStatus
{
    [JsonStringEnumMemberName("on-track")]
    OnTrack,
    [JsonStringEnumMemberName("at-risk")]
    AtRisk,
    [JsonStringEnumMemberName("off-track")]
    OffTrack,
    [JsonStringEnumMemberName("missing")]
    Missing,
}
