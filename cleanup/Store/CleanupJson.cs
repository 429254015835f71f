using System.Text.Json;
using System.Text.Json.Serialization;

namespace Platform.Insights.Cleanup.Store;

/// <summary>The one JSON shape of plans, steps and evidence: camelCase, enums as names.</summary>
public static class CleanupJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };
}
