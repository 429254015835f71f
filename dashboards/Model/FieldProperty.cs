using System.Text.Json;
using System.Text.Json.Nodes;

namespace Platform.Insights.Dashboards.Model;

/// <summary>
/// One overridden field option: <see cref="Id"/> is the option's path (<c>unit</c>, <c>links</c>, <c>displayName</c>,
/// <c>custom.cellOptions</c>) and <see cref="Value"/> its JSON, built from the same typed model by the factories.
/// </summary>
public sealed record FieldProperty(string Id, JsonNode? Value)
{
    public static FieldProperty Unit(string unit) => new("unit", JsonValue.Create(unit));

    public static FieldProperty DisplayName(string name) => new("displayName", JsonValue.Create(name));

    public static FieldProperty Decimals(int decimals) => new("decimals", JsonValue.Create(decimals));

    public static FieldProperty Links(params DataLink[] links) => new("links", JsonSerializer.SerializeToNode(links, DashboardJson.Options));

    public static FieldProperty Thresholds(Thresholds thresholds) => new("thresholds", JsonSerializer.SerializeToNode(thresholds, DashboardJson.Options));

    public static FieldProperty Mappings(params ValueMapping[] mappings) => new("mappings", JsonSerializer.SerializeToNode(mappings, DashboardJson.Options));

    public static FieldProperty ColorBackground() =>
        new("custom.cellOptions", new JsonObject { ["type"] = "color-background", ["mode"] = "basic" });

    public static FieldProperty ColorText() => new("custom.cellOptions", new JsonObject { ["type"] = "color-text" });
}
