using System.Text.Json.Serialization;

namespace Platform.Insights.Reports.Model;

/// <summary>How a chart is drawn.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ChartKind>))]
public enum ChartKind
{
    [JsonStringEnumMemberName("stacked-bar")]
    StackedBar,
    [JsonStringEnumMemberName("bar")]
    Bar,
    [JsonStringEnumMemberName("line")]
    Line,
}
