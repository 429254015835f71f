using Platform.Insights.Reports.Model;

namespace Platform.Insights.Reports.Delivery;

/// <summary>Where a generated report goes (folder, e-mail, webhook, …). A sink throws when delivery failed after its retries.</summary>
public interface IReportSink
{
    string Name { get; }

    bool Enabled { get; }

    /// <summary>Whether this report goes to this sink at all (e.g. e-mail only for kinds with recipients).</summary>
    bool Wants(Report report) => true;

    Task DeliverAsync(GeneratedReport report, CancellationToken cancellationToken);
}
