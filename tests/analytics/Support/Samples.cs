using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Analytics.Tests.Support;

/// <summary>Builders for the records the store and the grains take.</summary>
public static class Samples
{
    public static readonly DateTimeOffset Epoch = new(2024, 9, 1, 0, 0, 0, TimeSpan.Zero);

    public static long Ms(int minutes) => Epoch.AddMinutes(minutes).ToUnixTimeMilliseconds();

    public static MetricSample Metric(string service, string metric, long timestampMs, double value = 1, string? instance = null)
    {
        var labels = new List<Label> { new("service", service) };
        if (instance is not null)
        {
            labels.Add(new Label("instance", instance));
        }
        labels.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return MetricSample.Create(metric, [.. labels], timestampMs, value);
    }

    public static LogEvent Log(
        string id,
        string service,
        DateTimeOffset at,
        string? action = null,
        string? labelsJson = null,
        DateTimeOffset? start = null,
        DateTimeOffset? end = null,
        string? version = null,
        string? environment = null,
        string? outcome = null) => new()
        {
            EventId = id,
            Timestamp = at,
            Service = service,
            Action = action,
            LabelsJson = labelsJson,
            EventStart = start,
            EventEnd = end,
            ServiceVersion = version,
            Environment = environment,
            Outcome = outcome,
            Message = $"event {id}",
            RawJson = System.Text.Json.JsonSerializer.Serialize(new { @event = new { id }, service = new { name = service } }),
        };

    public static FocusLineItem Billing(decimal billedCost, string currency = "USD", long line = 2) => new()
    {
        BilledCost = billedCost,
        EffectiveCost = billedCost,
        ListCost = billedCost,
        ContractedCost = billedCost,
        BillingCurrency = currency,
        BillingAccountId = "acct-1",
        BillingPeriodStart = new DateTime(2024, 9, 1, 0, 0, 0, DateTimeKind.Utc),
        BillingPeriodEnd = new DateTime(2024, 10, 1, 0, 0, 0, DateTimeKind.Utc),
        ChargePeriodStart = new DateTime(2024, 9, 18, 22, 0, 0, DateTimeKind.Utc),
        ChargePeriodEnd = new DateTime(2024, 9, 18, 23, 0, 0, DateTimeKind.Utc),
        ChargeCategory = "Usage",
        ProviderName = "AWS",
        ServiceName = "Amazon Simple Queue Service",
        TagsJson = """{"team":"payments"}""",
        SourceLine = line,
    };
}
