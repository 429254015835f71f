using Microsoft.Extensions.Logging;

namespace Platform.Insights.Reports.Delivery;

/// <summary>Delivers a report to every enabled sink; a failing sink is logged and counted and the others still deliver.</summary>
public sealed class ReportDelivery(IEnumerable<IReportSink> sinks, ReportMeters meters, ILogger<ReportDelivery> logger)
{
    /// <summary>Returns the sinks that failed.</summary>
    public async Task<IReadOnlyList<string>> DeliverAsync(GeneratedReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var failed = new List<string>();
        foreach (var sink in sinks.Where(s => s.Enabled && s.Wants(report.Report)))
        {
            try
            {
                await sink.DeliverAsync(report, cancellationToken);
                meters.Delivered(sink.Name, ok: true);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                meters.Delivered(sink.Name, ok: false);
                ReportLog.DeliveryFailed(logger, e, report.Report.Id, sink.Name);
                failed.Add(sink.Name);
            }
        }
        return failed;
    }
}
