using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Platform.Insights.Demo.Writing;

namespace Platform.Insights.Demo.Logs;

/// <summary>Renders <see cref="EcsEvent"/>s as ECS JSON with nested objects, one per line.</summary>
internal sealed class EcsJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = false };

    private readonly LineBuffer _buffer;
    private readonly Utf8JsonWriter _writer;

    public EcsJson(LineBuffer buffer)
    {
        _buffer = buffer;
        _writer = new Utf8JsonWriter(buffer, Options);
    }

    public static string Timestamp(long unixMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public void Write(EcsEvent e)
    {
        var w = _writer;
        w.Reset(_buffer);
        w.WriteStartObject();
        w.WriteString("@timestamp", Timestamp(e.TimestampMs));
        w.WriteStartObject("event");
        w.WriteString("id", e.Id);
        w.WriteString("kind", "event");
        w.WriteString("dataset", e.Dataset);
        WriteIfSet(w, "action", e.Action);
        WriteIfSet(w, "outcome", e.Outcome);
        if (e.StartMs is { } start)
        {
            w.WriteString("start", Timestamp(start));
        }
        if (e.EndMs is { } end)
        {
            w.WriteString("end", Timestamp(end));
        }
        if (e.DurationNs is { } duration)
        {
            w.WriteNumber("duration", duration);
        }
        if (e.Severity is { } severity)
        {
            w.WriteNumber("severity", severity);
        }
        w.WriteEndObject();
        if (e.Level is not null)
        {
            w.WriteStartObject("log");
            w.WriteString("level", e.Level);
            w.WriteEndObject();
        }
        w.WriteStartObject("service");
        w.WriteString("name", e.Service);
        w.WriteString("environment", e.Environment);
        WriteIfSet(w, "version", e.Version);
        w.WriteEndObject();
        if (e.Labels is { Count: > 0 } labels)
        {
            w.WriteStartObject("labels");
            foreach (var (key, value) in labels)
            {
                w.WriteString(key, value);
            }
            w.WriteEndObject();
        }
        if (e.ErrorType is not null)
        {
            w.WriteStartObject("error");
            w.WriteString("type", e.ErrorType);
            w.WriteEndObject();
        }
        w.WriteString("message", e.Message);
        w.WriteEndObject();
        w.Flush();
        _buffer.EndLine();
    }

    private static void WriteIfSet(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }
}
