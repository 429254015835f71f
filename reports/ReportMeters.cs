using Prometheus;

namespace Platform.Insights.Reports;

/// <summary>The reports' counters on <c>/metrics</c>: generated (by kind and trigger), replaced, errors, deliveries by sink and outcome, delivery retries by sink.</summary>
public sealed class ReportMeters
{
    private readonly Counter _generated;
    private readonly Counter _replaced;
    private readonly Counter _errors;
    private readonly Counter _deliveries;
    private readonly Counter _retries;
    private readonly Histogram _duration;

    public ReportMeters(CollectorRegistry registry)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        _generated = factory.CreateCounter("insights_reports_generated_total", "Reports generated, by kind and trigger (cli, schedule, startup).", "kind", "trigger");
        _replaced = factory.CreateCounter("insights_reports_replaced_total", "Reports generated again for a period that had one (the old one is replaced), by kind.", "kind");
        _errors = factory.CreateCounter("insights_reports_errors_total", "Report generations that failed, by kind.", "kind");
        _deliveries = factory.CreateCounter("insights_reports_deliveries_total", "Report deliveries by sink and outcome (delivered, failed).", "sink", "outcome");
        _retries = factory.CreateCounter("insights_reports_delivery_retries_total", "Delivery attempts retried after a temporary failure (connection, timeout, SMTP 4xx, HTTP 5xx/429), by sink.", "sink");
        _duration = factory.CreateHistogram("insights_reports_generation_seconds", "Time to build and render a report, by kind.", new HistogramConfiguration { LabelNames = ["kind"] });
    }

    public void Generated(string kind, string trigger, bool replaced, TimeSpan elapsed)
    {
        _generated.WithLabels(kind, trigger).Inc();
        _duration.WithLabels(kind).Observe(elapsed.TotalSeconds);
        if (replaced)
        {
            _replaced.WithLabels(kind).Inc();
        }
    }

    public void Failed(string kind) => _errors.WithLabels(kind).Inc();

    public void Retried(string sink) => _retries.WithLabels(sink).Inc();

    public void Delivered(string sink, bool ok) => _deliveries.WithLabels(sink, ok ? "delivered" : "failed").Inc();
}
