namespace Platform.Insights.Ingest.Sources;

/// <summary>Per-run options of a file import.</summary>
public sealed record FileImportOptions
{
    /// <summary>Abort the file without storing anything when any line is bad (default: skip and report bad lines).</summary>
    public bool Strict { get; init; }

    /// <summary>How many bad lines to keep for the report (all are counted).</summary>
    public int MaxReportedErrors { get; init; } = 20;

    public IProgress<ImportProgress>? Progress { get; init; }

    /// <summary>
    /// Billing: stage the rows and leave the import staged; its <see cref="BillingDelivery"/> commits all files of the
    /// delivery at once. Default: the file commits on its own.
    /// </summary>
    public bool StageOnly { get; init; }

    /// <summary>Billing: read every file as this layout instead of detecting it from the header (<c>--input-format</c>).</summary>
    public Parsers.Billing.BillingFormat? BillingFormat { get; init; }

    /// <summary>
    /// Billing: the name of the provider's delivery these files are parts of (<c>--delivery</c>, e.g. an AWS CUR
    /// assemblyId or an export run's id), so parts imported in separate runs or on other silos add up. Null: the run's
    /// files are one delivery of their own, which restates the periods it covers.
    /// </summary>
    public string? DeliveryName { get; init; }
}
