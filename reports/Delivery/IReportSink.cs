namespace Platform.Insights.Reports.Delivery;

/// <summary>Where a generated report goes (folder, webhook, …). A sink throws when delivery failed after its retries.</summary>
public interface IReportSink
{
    string Name { get; }

    bool Enabled { get; }

    Task DeliverAsync(GeneratedReport report, CancellationToken cancellationToken);
}
