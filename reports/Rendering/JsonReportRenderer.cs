using System.Text.Json;
using Platform.Insights.Reports.Model;

namespace Platform.Insights.Reports.Rendering;

/// <summary>The whole report model as JSON (camelCase, exact numbers), and back.</summary>
public static class JsonReportRenderer
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static string Render(Report report) => JsonSerializer.Serialize(report, Options);

    public static Report Read(string json) => JsonSerializer.Deserialize<Report>(json, Options) ?? throw new JsonException("empty report JSON");
}
