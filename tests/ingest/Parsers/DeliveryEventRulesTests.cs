using FsCheck;
using FsCheck.Xunit;
using Platform.Insights.Ingest.Parsers;
using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Tests.Parsers;

public sealed class DeliveryEventRulesTests
{
    private static ParsedRecord<LogEvent> One(string line, DeliveryEventRules? rules = null) =>
        Assert.Single(EcsNdjsonParser.Parse(new StringReader(line + "\n"), "delivery.ndjson", rules ?? new DeliveryEventRules()).ToList());

    [Theory]
    [InlineData("{\"message\":\"no time\"}", DropReasons.MissingTimestamp)]
    [InlineData("{\"@timestamp\":\"yesterday\"}", DropReasons.BadTimestamp)]
    [InlineData("{\"@timestamp\":\"2024-05-01T10:00:00Z\",\"event\":{\"end\":\"soon\"}}", DropReasons.BadTimestamp)]
    [InlineData("{\"@timestamp\":\"2024-05-01T10:00:00Z\",\"event\":{\"action\":\"deployment\",\"outcome\":\"succeeded\"}}", DropReasons.UnknownOutcome)]
    [InlineData("{\"@timestamp\":\"2024-05-01T10:00:00Z\",\"event\":{\"action\":\"incident\",\"start\":\"2024-05-01T10:00:00Z\",\"end\":\"2024-05-01T09:59:59Z\"}}", DropReasons.EndsBeforeStart)]
    [InlineData("{\"@timestamp\":", DropReasons.Invalid)]
    [InlineData("{\"@timestamp\":\"2024-05-01T10:00:00Z\",\"service\":{\"name\":[{\"x\":1}]}}", DropReasons.Invalid)]
    public void A_rejected_line_names_its_reason(string line, string reason)
    {
        var record = One(line);

        Assert.True(record.IsError);
        Assert.Equal((reason, 1L, "delivery.ndjson"), (record.Error!.Reason, record.Error.Line, record.Error.File));
    }

    [Fact]
    public void Without_rules_the_parser_only_reads_and_keeps_an_odd_outcome()
    {
        var line = "{\"@timestamp\":\"2024-05-01T10:00:00Z\",\"event\":{\"action\":\"deployment\",\"outcome\":\"succeeded\"}}";

        var record = Assert.Single(EcsNdjsonParser.Parse(new StringReader(line), "f").ToList());

        Assert.Equal("succeeded", record.Value?.Outcome);
    }

    [Fact]
    public void A_deployment_of_a_service_outside_a_loaded_catalog_is_rejected_and_without_a_catalog_it_is_kept()
    {
        var line = """{"@timestamp":"2024-05-01T10:00:00Z","event":{"action":"deployment","outcome":"success"},"service":{"name":"ghost"}}""";
        var log = """{"@timestamp":"2024-05-01T10:00:00Z","message":"hello","service":{"name":"ghost"}}""";
        var catalog = new DeliveryEventRules(new HashSet<string>(["web"]));

        Assert.Equal(DropReasons.ServiceNotInCatalog, One(line, catalog).Error?.Reason);
        Assert.False(One(log, catalog).IsError);
        Assert.False(One(line).IsError);
        Assert.False(One(line, new DeliveryEventRules(new HashSet<string>())).IsError);
        Assert.False(One(line.Replace("ghost", "web", StringComparison.Ordinal), catalog).IsError);
    }

    [Property(MaxTest = 200)]
    public bool Only_ecs_outcomes_pass_in_any_case(NonEmptyString outcome)
    {
        var text = outcome.Get.Replace("\"", "", StringComparison.Ordinal).Replace("\\", "", StringComparison.Ordinal);
        var record = One($$$"""{"@timestamp":"2024-05-01T10:00:00Z","event":{"action":"build","outcome":"{{{System.Text.Json.JsonEncodedText.Encode(text)}}}"}}""");
        var known = text.ToLowerInvariant() is "success" or "failure" or "unknown";
        return known ? !record.IsError : record.Error?.Reason == DropReasons.UnknownOutcome;
    }

    [Property(MaxTest = 200)]
    public bool An_event_is_rejected_exactly_when_it_ends_before_it_starts(int startSeconds, int endSeconds, bool incident)
    {
        var t0 = new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.Zero);
        var (start, end) = (t0.AddSeconds(startSeconds % 86_400), t0.AddSeconds(endSeconds % 86_400));
        var action = incident ? "incident" : "environment-provisioned";
        var record = One($$$"""{"@timestamp":"{{{end:yyyy-MM-ddTHH:mm:ssZ}}}","event":{"action":"{{{action}}}","start":"{{{start:yyyy-MM-ddTHH:mm:ssZ}}}","end":"{{{end:yyyy-MM-ddTHH:mm:ssZ}}}"}}""");
        return end < start ? record.Error?.Reason == DropReasons.EndsBeforeStart : !record.IsError;
    }

    [Theory]
    [InlineData("success")]
    [InlineData("FAILURE")]
    [InlineData("unknown")]
    public void Ecs_outcomes_are_kept_as_written(string outcome)
    {
        var record = One($$$"""{"@timestamp":"2024-05-01T10:00:00Z","event":{"action":"deployment","outcome":"{{{outcome}}}"}}""");

        Assert.Equal(outcome, record.Value?.Outcome);
    }

    /// <summary>An incident without <c>event.start</c> starts at <c>@timestamp</c> (incidents.sql), so it cannot end before that.</summary>
    [Property(MaxTest = 200)]
    public bool An_incident_without_a_start_is_rejected_exactly_when_it_ends_before_its_timestamp(int stampSeconds, int endSeconds, bool incident)
    {
        var t0 = new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.Zero);
        var (stamp, end) = (t0.AddSeconds(stampSeconds % 86_400), t0.AddSeconds(endSeconds % 86_400));
        var action = incident ? "incident" : "deployment";
        var record = One($$$"""{"@timestamp":"{{{stamp:yyyy-MM-ddTHH:mm:ssZ}}}","event":{"action":"{{{action}}}","outcome":"success","end":"{{{end:yyyy-MM-ddTHH:mm:ssZ}}}"}}""");
        return incident && end < stamp
            ? record.Error?.Reason == DropReasons.EndsBeforeStart && record.Error.Message.Contains("@timestamp", StringComparison.Ordinal)
            : !record.IsError;
    }
}
