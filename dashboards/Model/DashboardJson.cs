using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Platform.Insights.Dashboards.Model;

/// <summary>
/// The one way a <see cref="Dashboard"/> becomes JSON: camelCase as Grafana names fields, unset (null) fields left
/// out, indented, and not HTML-escaped (PromQL's <c>&lt;</c>, <c>&amp;</c> and <c>'</c> stay readable in the files).
/// </summary>
public static class DashboardJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize(Dashboard dashboard) => JsonSerializer.Serialize(dashboard, Options);

    public static byte[] SerializeToUtf8(Dashboard dashboard) => JsonSerializer.SerializeToUtf8Bytes(dashboard, Options);
}
