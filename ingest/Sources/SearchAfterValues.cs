using System.Globalization;
using System.Text;
using System.Text.Json;
using Elastic.Clients.Elasticsearch;

namespace Platform.Insights.Ingest.Sources;

/// <summary>
/// <c>search_after</c> values as the checkpoint keeps them: a JSON array of the last stored document's sort values
/// (numbers, strings, booleans, null), written and read back exactly so a restart asks for the very next document.
/// </summary>
public static class SearchAfterValues
{
    /// <summary>The sort key Elasticsearch adds to point-in-time searches; its values belong to one point in time.</summary>
    public const string ShardDoc = "_shard_doc";

    public static string ToJson(IReadOnlyList<FieldValue> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var text = new StringBuilder("[");
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }
            var value = values[i];
            if (value.TryGetLong(out var whole) && whole is { } l)
            {
                text.Append(l.ToString(CultureInfo.InvariantCulture));
            }
            else if (value.TryGetDouble(out var real) && real is { } d)
            {
                text.Append(d.ToString("R", CultureInfo.InvariantCulture));
            }
            else if (value.TryGetBool(out var flag) && flag is { } b)
            {
                text.Append(b ? "true" : "false");
            }
            else if (value.TryGetString(out var s) && s is not null)
            {
                text.Append(JsonSerializer.Serialize(s));
            }
            else
            {
                text.Append("null");
            }
        }
        return text.Append(']').ToString();
    }

    public static IReadOnlyList<FieldValue> FromJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.EnumerateArray().Select(e => e.ValueKind switch
        {
            JsonValueKind.Number when e.TryGetInt64(out var l) => FieldValue.Long(l),
            JsonValueKind.Number => FieldValue.Double(e.GetDouble()),
            JsonValueKind.String => FieldValue.String(e.GetString()!),
            JsonValueKind.True => FieldValue.True,
            JsonValueKind.False => FieldValue.False,
            _ => FieldValue.Null,
        })];
    }

    /// <summary>
    /// The values to continue with on a point in time other than the one that produced them. A <c>_shard_doc</c>
    /// tiebreaker is replaced by -1 (below every document), so the documents of the last timestamp are read again —
    /// the store drops those already stored as duplicates — rather than skipping some whose shard order changed.
    /// A field tiebreaker (unique, the same everywhere) is kept: resuming is exact.
    /// </summary>
    public static IReadOnlyList<FieldValue> OnNewPointInTime(IReadOnlyList<FieldValue> values, string tiebreaker)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (tiebreaker != ShardDoc || values.Count < 2)
        {
            return values;
        }
        return [.. values.Take(values.Count - 1), FieldValue.Long(-1)];
    }
}
