using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Parsers;

/// <summary>
/// Reads one ECS JSON document with <see cref="Utf8JsonReader"/>, flattening nested objects into dotted
/// paths as it goes, so <c>{"service":{"name":"x"}}</c>, <c>{"service.name":"x"}</c> and any mix of the two
/// reach the same field. No DOM is built; buffers are reused between lines (one instance per parse).
/// </summary>
internal sealed class EcsEventReader
{
    private const string LabelsPrefix = "labels.";

    // Relaxed escaping: the text is stored and shown, never embedded in HTML, so non-ASCII stays readable.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly EcsFieldMap? map;
    private readonly InternPool strings = new();
    private readonly List<(string Key, int Order, int Start, int Length)> labels = [];
    private readonly ArrayBufferWriter<byte> labelsOutput = new(256);
    private readonly Utf8JsonWriter labelsWriter;
    private byte[] utf8 = new byte[4096];
    private char[] path = new char[256];
    private char[] text = new char[256];

    public EcsEventReader()
        : this(null)
    {
    }

    /// <summary>A reader whose documents name the ECS fields differently (<paramref name="map"/>; null = ECS names).</summary>
    public EcsEventReader(EcsFieldMap? map)
    {
        this.map = map is { IsIdentity: false } ? map : null;
        labelsWriter = new Utf8JsonWriter(labelsOutput, WriterOptions);
    }

    private string failedReason = DropReasons.Invalid;

    /// <summary>Reads a trimmed, non-empty line; returns null and the event, or the reason (<see cref="DropReasons"/>) and message it was rejected with.</summary>
    public (string Reason, string Message)? Read(ReadOnlySpan<char> line, out LogEvent? logEvent)
    {
        logEvent = null;
        var maxBytes = Encoding.UTF8.GetMaxByteCount(line.Length);
        if (utf8.Length < maxBytes)
        {
            utf8 = new byte[Math.Max(maxBytes, utf8.Length * 2)];
        }
        var json = utf8.AsSpan(0, Encoding.UTF8.GetBytes(line, utf8));
        var fields = default(EcsFields);
        labels.Clear();
        string? error;
        failedReason = DropReasons.Invalid;
        try
        {
            error = Walk(json, ref fields);
        }
        catch (JsonException ex)
        {
            return (DropReasons.Invalid, $"invalid JSON: {ex.Message}");
        }
        catch (InvalidOperationException ex)
        {
            // System.Text.Json parses a lone surrogate escape ("\ud800") or bad UTF-8 in a string but refuses to read it.
            return (DropReasons.Invalid, $"invalid JSON string: {ex.Message}");
        }
        if (error is not null)
        {
            return (failedReason, error);
        }
        if (fields.Timestamp is not { } timestamp)
        {
            return (DropReasons.MissingTimestamp, $"missing {map?.TimestampName ?? "@timestamp"}");
        }
        logEvent = new LogEvent
        {
            EventId = string.IsNullOrEmpty(fields.EventId) ? ContentId(json) : fields.EventId,
            Timestamp = timestamp,
            Service = fields.Service,
            Environment = fields.Environment,
            ServiceVersion = fields.ServiceVersion,
            Action = fields.Action,
            Outcome = fields.Outcome,
            Category = fields.Category,
            Level = fields.Level,
            Message = fields.Message,
            EventStart = fields.Start,
            EventEnd = fields.End,
            DurationNs = fields.DurationNs,
            LabelsJson = labels.Count == 0 ? null : LabelsJson(json),
            RawJson = line.ToString(),
        };
        return null;
    }

    // The same document text always gets the same id, so a replayed line is recognised as a duplicate.
    private static string ContentId(ReadOnlySpan<byte> json)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(json, hash);
        return Convert.ToHexStringLower(hash[..16]);
    }

    private string? Walk(ReadOnlySpan<byte> json, ref EcsFields fields)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return "line is not a JSON object";
        }
        Span<int> pathEnds = stackalloc int[66];
        var depth = 0;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                if (depth-- == 0)
                {
                    break;
                }
                continue;
            }
            // Only property names remain here: values are consumed right after their name.
            var length = pathEnds[depth];
            if (path.Length < length + 1 + reader.ValueSpan.Length)
            {
                Array.Resize(ref path, Math.Max(path.Length * 2, length + 1 + reader.ValueSpan.Length));
            }
            if (depth > 0)
            {
                path[length++] = '.';
            }
            length += reader.CopyString(path.AsSpan(length));
            reader.Read();
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                pathEnds[++depth] = length;
                continue;
            }
            var error = OnValue(path.AsSpan(0, length), ref reader, ref fields);
            if (error is not null)
            {
                return error;
            }
        }
        // Trailing text after the object makes the reader throw, which reports it as invalid JSON.
        while (reader.Read())
        {
        }
        return null;
    }

    private string? OnValue(ReadOnlySpan<char> name, ref Utf8JsonReader reader, ref EcsFields fields)
    {
        var labelsPrefix = map?.LabelsPrefix ?? LabelsPrefix;
        if (name.StartsWith(labelsPrefix, StringComparison.Ordinal))
        {
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            labels.Add((name[labelsPrefix.Length..].ToString(), labels.Count, start, (int)reader.BytesConsumed - start));
            return null;
        }
        // Documents that name a field differently are read as the ECS field; errors still name the field as written.
        var field = map is null ? name : map.Canonical(name);
        switch (field)
        {
            case "@timestamp":
                return Timestamp(EcsValues.ReadTimestamp(ref reader, map is null ? "@timestamp" : name.ToString(), out fields.Timestamp));
            case "event.start":
                return Timestamp(EcsValues.ReadTimestamp(ref reader, map is null ? "event.start" : name.ToString(), out fields.Start));
            case "event.end":
                return Timestamp(EcsValues.ReadTimestamp(ref reader, map is null ? "event.end" : name.ToString(), out fields.End));
            case "event.duration":
                return EcsValues.ReadDuration(ref reader, out fields.DurationNs);
            case "event.id":
                return ReadText(ref reader, name, intern: false, out fields.EventId);
            case "message":
                return ReadText(ref reader, name, intern: false, out fields.Message);
            case "service.name":
                return ReadText(ref reader, name, intern: true, out fields.Service);
            case "service.environment":
                return ReadText(ref reader, name, intern: true, out fields.Environment);
            case "service.version":
                return ReadText(ref reader, name, intern: true, out fields.ServiceVersion);
            case "event.action":
                return ReadText(ref reader, name, intern: true, out fields.Action);
            case "event.outcome":
                return ReadText(ref reader, name, intern: true, out fields.Outcome);
            case "event.category":
                return ReadText(ref reader, name, intern: true, out fields.Category);
            case "log.level":
                return ReadText(ref reader, name, intern: true, out fields.Level);
            default:
                reader.Skip();
                return null;
        }
    }

    private string? Timestamp(string? error)
    {
        if (error is not null)
        {
            failedReason = DropReasons.BadTimestamp;
        }
        return error;
    }

    // Strings as they are, numbers and booleans as their JSON text, arrays (ECS allows them for most
    // keyword fields, event.category is one) joined with ','.
    private string? ReadText(ref Utf8JsonReader reader, ReadOnlySpan<char> name, bool intern, out string? value)
    {
        value = null;
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return ReadScalar(ref reader, name, intern, out value);
        }
        var joined = (string?)null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var error = ReadScalar(ref reader, name, intern, out var item);
            if (error is not null)
            {
                return error;
            }
            if (item is not null)
            {
                joined = joined is null ? item : string.Concat(joined, ",", item);
            }
        }
        value = joined is null ? null : intern ? strings.Get(joined) : joined;
        return null;
    }

    private string? ReadScalar(ref Utf8JsonReader reader, ReadOnlySpan<char> name, bool intern, out string? value)
    {
        value = null;
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                if (!intern || reader.ValueSpan.Length > 128)
                {
                    value = reader.GetString();
                    return null;
                }
                var length = reader.CopyString(text);
                value = strings.Get(text.AsSpan(0, length));
                return null;
            case JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False:
                value = Encoding.UTF8.GetString(reader.ValueSpan);
                return null;
            case JsonTokenType.Null:
                return null;
            default:
                return $"{name} must be text, found {reader.TokenType}";
        }
    }

    // labels.* in one compact object, sorted by key; a key given twice (nested and dotted) keeps the last value.
    private string LabelsJson(ReadOnlySpan<byte> json)
    {
        labels.Sort(static (a, b) =>
        {
            var byKey = string.CompareOrdinal(a.Key, b.Key);
            return byKey != 0 ? byKey : a.Order.CompareTo(b.Order);
        });
        labelsOutput.ResetWrittenCount();
        labelsWriter.Reset(labelsOutput);
        labelsWriter.WriteStartObject();
        for (var i = 0; i < labels.Count; i++)
        {
            var label = labels[i];
            if (i + 1 < labels.Count && string.Equals(labels[i + 1].Key, label.Key, StringComparison.Ordinal))
            {
                continue;
            }
            labelsWriter.WritePropertyName(label.Key);
            labelsWriter.WriteRawValue(json.Slice(label.Start, label.Length), skipInputValidation: true);
        }
        labelsWriter.WriteEndObject();
        labelsWriter.Flush();
        return Encoding.UTF8.GetString(labelsOutput.WrittenSpan);
    }
}
