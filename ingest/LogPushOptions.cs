using System.ComponentModel.DataAnnotations;

namespace Platform.Insights.Ingest;

/// <summary>Limits of <c>POST /api/v1/logs</c> (section <c>Insights:Ingest:LogPush</c>).</summary>
public sealed class LogPushOptions
{
    public const string Section = "Insights:Ingest:LogPush";

    /// <summary>Largest NDJSON body accepted; larger gets 413 and nothing is stored.</summary>
    [Range(1024, 1L << 30)]
    public int MaxBodyBytes { get; set; } = 16 << 20;

    /// <summary>Most lines in one body; more gets 413 and nothing is stored.</summary>
    [Range(1, 10_000_000)]
    public int MaxLines { get; set; } = 100_000;

    /// <summary>Bad lines named in the answer (all are counted).</summary>
    [Range(0, 100_000)]
    public int MaxReportedErrors { get; set; } = 100;
}
