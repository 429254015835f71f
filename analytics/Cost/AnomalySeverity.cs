using System.Text.Json.Serialization;

namespace Platform.Insights.Analytics.Cost;

/// <summary>How far from its baseline an anomalous day is, by |robust z| (<see cref="CostAnomalyOptions"/> thresholds).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AnomalySeverity>))]
public enum AnomalySeverity
{
    [JsonStringEnumMemberName("minor")]
    Minor,
    [JsonStringEnumMemberName("major")]
    Major,
    [JsonStringEnumMemberName("critical")]
    Critical,
}
