using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Platform.Insights.Ingest.Parsers.Billing;

/// <summary>
/// Builds a FOCUS <c>Tags</c> JSON object from provider tag columns (AWS <c>resourceTags/user:KEY</c>,
/// <c>resource_tags_user_KEY</c>, or CUR 2.0's <c>resource_tags</c> map). Keys are trimmed; a repeated key keeps
/// its last value. One instance per parse (buffers are reused).
/// </summary>
internal sealed class TagObject
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly List<KeyValuePair<string, string>> tags = [];
    private readonly ArrayBufferWriter<byte> output = new(256);
    private readonly Utf8JsonWriter writer;

    public TagObject() => writer = new Utf8JsonWriter(output, WriterOptions);

    public void Clear() => tags.Clear();

    public void Add(string key, string value)
    {
        key = key.Trim();
        for (var i = 0; i < tags.Count; i++)
        {
            if (string.Equals(tags[i].Key, key, StringComparison.Ordinal))
            {
                tags[i] = new(key, value);
                return;
            }
        }
        tags.Add(new(key, value));
    }

    /// <summary>Adds the entries of a JSON object (CUR 2.0 <c>resource_tags</c>), dropping <paramref name="keyPrefix"/> from keys. Returns null or the error.</summary>
    public string? AddJson(string json, string keyPrefix)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return "resource_tags is not a JSON object";
            }
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var value = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
                if (value.Length > 0)
                {
                    var key = property.Name.StartsWith(keyPrefix, StringComparison.Ordinal) ? property.Name[keyPrefix.Length..] : property.Name;
                    Add(key, value);
                }
            }
            return null;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException) // a lone surrogate escape parses but cannot be read as text
        {
            return $"resource_tags is not valid JSON: {ex.Message}";
        }
    }

    /// <summary>The compact JSON object, or null when no tag was added.</summary>
    public string? ToJson()
    {
        if (tags.Count == 0)
        {
            return null;
        }
        output.ResetWrittenCount();
        writer.Reset(output);
        writer.WriteStartObject();
        foreach (var (key, value) in tags)
        {
            writer.WriteString(key, value);
        }
        writer.WriteEndObject();
        writer.Flush();
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }
}
