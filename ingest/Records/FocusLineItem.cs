namespace Platform.Insights.Ingest.Records;

/// <summary>
/// One cost and usage row in FOCUS terms (FinOps Open Cost and Usage Specification 1.0–1.2):
/// property names are the FOCUS column names and mean what the specification says.
/// Columns this type does not name (provider <c>x_</c> columns and unknown ones) are kept in
/// <see cref="Extra"/> so nothing a provider delivered is lost.
/// </summary>
public sealed class FocusLineItem
{
    // ExtraJson as text or as UTF-8 bytes, whichever was set last (the other is empty).
    private string? _extraJson;
    private ReadOnlyMemory<byte> _extraJsonUtf8;

    // Costs (decimal: money must add up to the cent).
    public decimal BilledCost { get; set; }
    public decimal EffectiveCost { get; set; }
    public decimal ListCost { get; set; }
    public decimal ContractedCost { get; set; }
    public string BillingCurrency { get; set; } = "";

    // Account and periods (UTC).
    public string? BillingAccountId { get; set; }
    public string? BillingAccountName { get; set; }
    public string? SubAccountId { get; set; }
    public string? SubAccountName { get; set; }
    public DateTime BillingPeriodStart { get; set; }
    public DateTime BillingPeriodEnd { get; set; }
    public DateTime ChargePeriodStart { get; set; }
    public DateTime ChargePeriodEnd { get; set; }

    // Charge.
    public string? ChargeCategory { get; set; }
    public string? ChargeClass { get; set; }
    public string? ChargeDescription { get; set; }
    public string? ChargeFrequency { get; set; }
    public string? PricingCategory { get; set; }
    public decimal? PricingQuantity { get; set; }
    public string? PricingUnit { get; set; }
    public decimal? ListUnitPrice { get; set; }
    public decimal? ContractedUnitPrice { get; set; }
    public decimal? ConsumedQuantity { get; set; }
    public string? ConsumedUnit { get; set; }

    // Commitment discounts.
    public string? CommitmentDiscountCategory { get; set; }
    public string? CommitmentDiscountId { get; set; }
    public string? CommitmentDiscountName { get; set; }
    public string? CommitmentDiscountStatus { get; set; }
    public string? CommitmentDiscountType { get; set; }

    // Provider, service, resource, location.
    public string? ProviderName { get; set; }
    public string? PublisherName { get; set; }
    public string? InvoiceIssuerName { get; set; }
    public string? ServiceCategory { get; set; }
    public string? ServiceName { get; set; }
    public string? SkuId { get; set; }
    public string? SkuPriceId { get; set; }
    public string? ResourceId { get; set; }
    public string? ResourceName { get; set; }
    public string? ResourceType { get; set; }
    public string? RegionId { get; set; }
    public string? RegionName { get; set; }
    public string? AvailabilityZone { get; set; }

    /// <summary>FOCUS <c>Tags</c>: a JSON object text (keys trimmed), or null.</summary>
    public string? TagsJson { get; set; }

    /// <summary>Every other column of the source row, by its header name (FOCUS 1.1+/1.2 columns, <c>x_…</c>).</summary>
    public Dictionary<string, string?>? Extra { get; set; }

    /// <summary>
    /// The same columns as <see cref="Extra"/>, already as one JSON object text, when the reader built it (DuckDB does
    /// for Parquet); stored instead of <see cref="Extra"/> when set.
    /// </summary>
    public string? ExtraJson
    {
        get => _extraJson ?? (_extraJsonUtf8.IsEmpty ? null : System.Text.Encoding.UTF8.GetString(_extraJsonUtf8.Span));
        set
        {
            _extraJson = value;
            _extraJsonUtf8 = ReadOnlyMemory<byte>.Empty;
        }
    }

    /// <summary>
    /// <see cref="ExtraJson"/> as the UTF-8 bytes the reader's DuckDB made, when it handed them over without a .NET string
    /// (AWS CUR Parquet: ~1.8 KB per row; decoding it to UTF-16 and encoding it back for the appender was the import's
    /// largest allocation). Setting either property replaces the other; empty when there are none or when they were set as text.
    /// </summary>
    public ReadOnlyMemory<byte> ExtraJsonUtf8
    {
        get => _extraJsonUtf8;
        set
        {
            _extraJsonUtf8 = value;
            _extraJson = null;
        }
    }

    /// <summary>1-based line of the source file the row came from (for error messages and audit).</summary>
    public long SourceLine { get; set; }
}
