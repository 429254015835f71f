using Microsoft.Extensions.Logging;

namespace Platform.Insights.Reports;

/// <summary>The reports' log events (source-generated).</summary>
public static partial class ReportLog
{
    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Report {Id} generated in {Directory} ({Formats}) in {Seconds:0.0} s{Replaced}")]
    public static partial void Generated(ILogger logger, string id, string directory, string formats, double seconds, string replaced);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Error, Message = "Report {Kind} for {Period} failed")]
    public static partial void Failed(ILogger logger, Exception exception, string kind, string period);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Warning, Message = "Report {Id}: delivery to {Sink} failed after retries")]
    public static partial void DeliveryFailed(ILogger logger, Exception exception, string id, string sink);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Information, Message = "Report schedule {Kind}: the last report is for {Last}; {Period} was due while the server was down, generating it once now")]
    public static partial void Misfire(ILogger logger, string kind, string last, string period);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Information, Message = "Report schedule {Kind}: cron '{Cron}' in {TimeZone}, next run {Next}")]
    public static partial void Scheduled(ILogger logger, string kind, string cron, string timeZone, string next);
}
