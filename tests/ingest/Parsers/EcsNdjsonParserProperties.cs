using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Platform.Insights.Ingest.Parsers;
using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Tests.Parsers;

public sealed class EcsNdjsonParserProperties
{
    private static readonly string[] Paths =
    [
        "event.id", "service.name", "service.environment", "service.version", "event.action",
        "event.outcome", "event.category", "log.level", "message", "labels.team", "labels.cost.center",
    ];

    [Property(MaxTest = 200)]
    public Property Nested_dotted_and_mixed_forms_of_one_event_parse_to_equal_fields() =>
        Prop.ForAll(Arb.From(Event()), generated =>
        {
            var (fields, timestampMs, durationNs, dotted) = generated;
            var nested = Parse(Build(fields, timestampMs, durationNs, _ => false));
            var flat = Parse(Build(fields, timestampMs, durationNs, _ => true));
            var mixed = Parse(Build(fields, timestampMs, durationNs, path => dotted.Contains(path)));
            var expectedId = fields.GetValueOrDefault("event.id");
            return SameFields(nested, flat) && SameFields(nested, mixed)
                && (expectedId is null || (nested.EventId == expectedId && flat.EventId == expectedId && mixed.EventId == expectedId))
                && Fields.All(f => f.Value(nested) == fields.GetValueOrDefault(f.Key))
                && Labels(nested).SequenceEqual(fields.Where(f => f.Key.StartsWith("labels.", StringComparison.Ordinal))
                    .Select(f => KeyValuePair.Create(f.Key["labels.".Length..], f.Value)).OrderBy(f => f.Key, StringComparer.Ordinal))
                && nested.Timestamp.ToUnixTimeMilliseconds() == timestampMs
                && nested.DurationNs == durationNs;
        });

    private static readonly Dictionary<string, Func<LogEvent, string?>> Fields = new()
    {
        ["service.name"] = e => e.Service,
        ["service.environment"] = e => e.Environment,
        ["service.version"] = e => e.ServiceVersion,
        ["event.action"] = e => e.Action,
        ["event.outcome"] = e => e.Outcome,
        ["event.category"] = e => e.Category,
        ["log.level"] = e => e.Level,
        ["message"] = e => e.Message,
    };

    private static IEnumerable<KeyValuePair<string, string>> Labels(LogEvent e) =>
        e.LabelsJson is null
            ? []
            : JsonDocument.Parse(e.LabelsJson).RootElement.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.GetString()!)).ToList();

    // The raw text differs by construction, and so does the content id of an event without event.id.
    private static bool SameFields(LogEvent a, LogEvent b) => a with { RawJson = "", EventId = "" } == b with { RawJson = "", EventId = "" };

    private static LogEvent Parse(string line)
    {
        var record = EcsNdjsonParser.Parse(new StringReader(line), "gen.ndjson").Single();
        return record.Value ?? throw new InvalidOperationException(record.Error!.ToString());
    }

    // Writes each path either dotted ("service.name": …) or as nested objects ("service": {"name": …}).
    private static string Build(Dictionary<string, string> fields, long timestampMs, long? durationNs, Func<string, bool> writeDotted)
    {
        var root = new JsonObject { ["@timestamp"] = timestampMs };
        if (durationNs is { } ns)
        {
            Put(root, "event.duration", JsonValue.Create(ns), writeDotted("event.duration"));
        }
        foreach (var (path, value) in fields)
        {
            Put(root, path, JsonValue.Create(value), writeDotted(path));
        }
        return root.ToJsonString();
    }

    private static void Put(JsonObject root, string path, JsonNode value, bool dotted)
    {
        if (dotted)
        {
            root[path] = value;
            return;
        }
        var parts = path.Split('.');
        var current = root;
        foreach (var part in parts[..^1])
        {
            current = current[part] as JsonObject ?? (JsonObject)(current[part] = new JsonObject());
        }
        current[parts[^1]] = value;
    }

    private static Gen<(Dictionary<string, string> Fields, long TimestampMs, long? DurationNs, HashSet<string> Dotted)> Event() =>
        from chosen in Gen.SubListOf(Paths)
        from values in Gen.ArrayOf(ArbMap.Default.GeneratorFor<string>().Where(v => !string.IsNullOrEmpty(v)), chosen.Count)
        from timestamp in Gen.Choose(0, int.MaxValue).Select(t => 1_500_000_000_000L + (t * 1000L) + (t % 1000))
        from duration in Gen.OneOf(Gen.Constant<long?>(null), Gen.Choose(0, int.MaxValue).Select(d => (long?)d * 1000))
        from dotted in Gen.SubListOf(Paths.Append("event.duration"))
        select (
            chosen.Zip(values).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal),
            timestamp,
            duration,
            dotted.ToHashSet(StringComparer.Ordinal));
}
