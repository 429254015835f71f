using System.Text.Json.Serialization;

namespace Platform.Insights.Reports.Model;

/// <summary>Which report: the weekly leadership report, the monthly cost report, or one team's weekly report.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReportKind>))]
public enum ReportKind
{
    [JsonStringEnumMemberName("weekly")]
    Weekly,
    [JsonStringEnumMemberName("monthly")]
    Monthly,
    [JsonStringEnumMemberName("team")]
    Team,
}
