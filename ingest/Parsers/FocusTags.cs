using System.Buffers;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Platform.Insights.Ingest.Parsers;

/// <summary>
/// Normalises a FOCUS <c>Tags</c> value: a JSON object whose keys are trimmed (real exports carry keys
/// such as <c>" org"</c>) and whose values are strings (other JSON values become their JSON text; null
/// stays null), written back compactly in source order. A key repeated after trimming keeps its last value.
/// One instance per parse: buffers are reused, and results are cached by source text because billing
/// rows of one resource repeat the same tags hour after hour (rows then share one string).
/// </summary>
internal sealed class FocusTags
{
    private const int CacheSlots = 1 << 10;

    // Relaxed escaping: the text is stored and shown, never embedded in HTML, so non-ASCII stays readable.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly List<KeyValuePair<string, string?>> tags = [];
    private readonly ArrayBufferWriter<byte> output = new(256);
    private readonly Utf8JsonWriter writer;
    private readonly string?[] cachedSources = new string?[CacheSlots];
    private readonly string?[] cachedResults = new string?[CacheSlots];
    private byte[] utf8 = new byte[1024];

    public FocusTags() => writer = new Utf8JsonWriter(output, WriterOptions);

    /// <summary>Returns null and the normalised text, or the reason the value is not a JSON object.</summary>
    public string? Normalize(ReadOnlySpan<char> text, out string? json)
    {
        var slot = (int)(XxHash3.HashToUInt64(MemoryMarshal.AsBytes(text)) & (CacheSlots - 1));
        if (cachedResults[slot] is { } cached && text.SequenceEqual(cachedSources[slot]))
        {
            json = cached;
            return null;
        }
        var error = Parse(text, out json);
        if (error is null)
        {
            cachedSources[slot] = text.ToString();
            cachedResults[slot] = json;
        }
        return error;
    }

    private string? Parse(ReadOnlySpan<char> text, out string? json)
    {
        json = null;
        var maxBytes = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (utf8.Length < maxBytes)
        {
            utf8 = new byte[Math.Max(maxBytes, utf8.Length * 2)];
        }
        var bytes = utf8.AsSpan(0, Encoding.UTF8.GetBytes(text, utf8));
        tags.Clear();
        try
        {
            var reader = new Utf8JsonReader(bytes);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return "Tags is not a JSON object";
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var key = reader.GetString()!.Trim();
                reader.Read();
                string? value;
                switch (reader.TokenType)
                {
                    case JsonTokenType.String:
                        value = reader.GetString();
                        break;
                    case JsonTokenType.Null:
                        value = null;
                        break;
                    default:
                        var start = (int)reader.TokenStartIndex;
                        reader.Skip();
                        value = Encoding.UTF8.GetString(bytes[start..(int)reader.BytesConsumed]);
                        break;
                }
                Add(key, value);
            }
            while (reader.Read())
            {
                // Drains the input so trailing text after the object is reported as invalid JSON.
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException) // a lone surrogate escape parses but cannot be read as text
        {
            return $"Tags is not valid JSON: {ex.Message}";
        }
        json = Write();
        return null;
    }

    private void Add(string key, string? value)
    {
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

    private string Write()
    {
        output.ResetWrittenCount();
        writer.Reset(output);
        writer.WriteStartObject();
        foreach (var (key, value) in tags)
        {
            if (value is null)
            {
                writer.WriteNull(key);
            }
            else
            {
                writer.WriteString(key, value);
            }
        }
        writer.WriteEndObject();
        writer.Flush();
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }
}
