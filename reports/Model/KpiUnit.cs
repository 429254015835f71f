using System.Text.Json.Serialization;

namespace Platform.Insights.Reports.Model;

/// <summary>How a scorecard value reads: a 0..1 ratio shown as percent, a signed change ratio, a count, money, or a DORA band (4 elite … 1 low, shown by name).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<KpiUnit>))]
public enum KpiUnit
{
    [JsonStringEnumMemberName("ratio")]
    Ratio,
    [JsonStringEnumMemberName("change")]
    Change,
    [JsonStringEnumMemberName("count")]
    Count,
    [JsonStringEnumMemberName("money")]
    Money,
    [JsonStringEnumMemberName("band")]
    Band,
}
