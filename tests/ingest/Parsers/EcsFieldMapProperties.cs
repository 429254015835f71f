using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Platform.Insights.Ingest.Parsers;
using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Tests.Parsers;

/// <summary>
/// Configured field names (<c>Insights:Ingest:Fields</c> for files and pushes, a source's <c>Fields</c> for Elasticsearch):
/// a document that keeps the ECS fields under other names parses to the same event as its ECS-named twin.
/// </summary>
public sealed class EcsFieldMapProperties
{
    private static readonly EcsFieldNames Renamed = new()
    {
        Timestamp = "ts", EventId = "uid", ServiceName = "kubernetes.labels.app", EventAction = "kind", EventOutcome = "result",
        LogLevel = "severity", Message = "log.original", EventEnd = "resolved_at", Labels = "tags",
    };

    [Property(MaxTest = 200)]
    public Property A_renamed_document_parses_to_the_same_event_as_its_ecs_twin() =>
        Prop.ForAll(Arb.From(Values()), v =>
        {
            var (service, message, level, label, ms) = v;
            var at = DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
            var ecs = new JsonObject
            {
                ["@timestamp"] = at, ["event"] = new JsonObject { ["id"] = "e1", ["action"] = "incident", ["outcome"] = "failure", ["end"] = at },
                ["service"] = new JsonObject { ["name"] = service }, ["log"] = new JsonObject { ["level"] = level }, ["message"] = message,
                ["labels"] = new JsonObject { ["incident_id"] = label },
            };
            var renamed = new JsonObject
            {
                ["ts"] = at, ["uid"] = "e1", ["kind"] = "incident", ["result"] = "failure", ["resolved_at"] = at,
                ["kubernetes"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = service } }, ["severity"] = level,
                ["log.original"] = message, ["tags"] = new JsonObject { ["incident_id"] = label },
                // ECS names the configuration moved elsewhere are not read.
                ["message"] = "not the message", ["service"] = new JsonObject { ["name"] = "not the service" },
            };

            var expected = Parse(ecs.ToJsonString(), null);
            var actual = Parse(renamed.ToJsonString(), new EcsFieldMap(Renamed));

            return expected with { RawJson = "" } == actual with { RawJson = "" };
        });

    [Fact]
    public void Without_a_map_the_renamed_fields_are_not_read()
    {
        var record = Parse("""{"ts":"2024-05-01T10:00:00Z","@timestamp":"2024-05-01T10:00:00Z","kind":"deployment","kubernetes":{"labels":{"app":"web"}}}""", null);

        Assert.Equal(((string?)null, (string?)null), (record.Action, record.Service));
    }

    private static Gen<(string Service, string Message, string Level, string Label, long Ms)> Values() =>
        from service in Text()
        from message in Text()
        from level in Gen.Elements("info", "warn", "error")
        from label in Text()
        from ms in Gen.Choose(0, int.MaxValue).Select(s => s * 1000L)
        select (service, message, level, label, ms);

    private static Gen<string> Text() =>
        Gen.ArrayOf(Gen.Elements("a", "b", "web", "über", "x y", "\"q\"", "line\nbreak")).Select(parts => string.Concat(parts) is { Length: > 0 } s ? s : "s");

    private static LogEvent Parse(string line, EcsFieldMap? map)
    {
        var record = EcsNdjsonParser.Parse(new StringReader(line), "gen.ndjson", new DeliveryEventRules(), map).Single();
        return record.Value ?? throw new InvalidOperationException(record.Error!.ToString());
    }
}
