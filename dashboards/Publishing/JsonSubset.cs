using System.Text.Json;
using System.Text.Json.Nodes;

namespace Platform.Insights.Dashboards.Publishing;

/// <summary>
/// Whether a dashboard stored in Grafana still holds everything the generated one says: every property we set is there
/// with an equal value (objects recursively, arrays element by element and of equal length); a property we leave unset
/// or null may be anything, so fields Grafana adds on save (<c>id</c>, <c>version</c>, plugin versions) are not drift,
/// and neither is an empty list or object Grafana leaves out.
/// </summary>
public static class JsonSubset
{
    public static bool Holds(JsonNode? ours, JsonNode? theirs)
    {
        switch (ours)
        {
            case null:
                return true;
            // An empty list or object we write may be dropped by Grafana on save; its absence says the same.
            case JsonArray { Count: 0 } or JsonObject { Count: 0 } when theirs is null:
                return true;
            case JsonObject o:
                return theirs is JsonObject t && o.All(p => Holds(p.Value, t.TryGetPropertyValue(p.Key, out var v) ? v : null));
            case JsonArray a:
                return theirs is JsonArray ta && a.Count == ta.Count && a.Select((item, i) => Holds(item, ta[i])).All(x => x);
            default:
                return theirs is JsonValue tv && ValueEquals((JsonValue)ours, tv);
        }
    }

    private static bool ValueEquals(JsonValue ours, JsonValue theirs)
    {
        var a = ours.GetValueKind();
        var b = theirs.GetValueKind();
        if (a == JsonValueKind.Number && b == JsonValueKind.Number)
        {
            return ours.GetValue<double>().Equals(theirs.GetValue<double>());
        }
        return a == b && JsonNode.DeepEquals(ours, theirs);
    }
}
