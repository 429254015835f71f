using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Parsers.Billing;

/// <summary>
/// Tells a billing export's layout from its header row. AWS is recognised by its column prefixes
/// (<c>lineItem/</c>, <c>bill/</c> or <c>line_item_</c>, <c>bill_</c>) so that a CUR missing its cost column is still
/// reported as a CUR missing <c>lineItem/UnblendedCost</c>; FOCUS by its cost and period columns; Azure by
/// <c>CostInBillingCurrency</c>, else by <c>Cost</c> or its meter and subscription columns; GCP by
/// <c>billing_account_id</c>, <c>cost</c> and <c>usage_start_time</c>. The container (CSV, Parquet, JSON lines) is told apart
/// before this, by the file's first bytes.
/// </summary>
public static class BillingFormatDetector
{
    private const int ShownColumns = 10;

    private static readonly string[] FocusSignature = ["BilledCost", "EffectiveCost", "ChargePeriodStart", "ChargeCategory"];
    private static readonly string[] AzureSignature = ["MeterCategory", "MeterId", "ConsumedService", "SubscriptionGuid", "UsageDateTime", "ResourceLocation"];

    /// <summary>Names the supported formats, for error messages and help text.</summary>
    public static string SupportedFormats =>
        "FOCUS 1.0-1.2 CSV or Parquet (BilledCost, ChargePeriodStart, ...); AWS legacy CUR CSV (lineItem/UnblendedCost, bill/PayerAccountId, ...); "
        + "AWS CUR 2.0 or Athena-style CUR, CSV or Parquet (line_item_unblended_cost, bill_payer_account_id, ...); Azure EA legacy export (Cost, MeterCategory, Date, ...); "
        + "Azure cost export (CostInBillingCurrency, BillingCurrencyCode, Date, ...); "
        + "GCP BigQuery billing export, standard or detailed, CSV or JSON lines (billing_account_id, cost, credits, usage_start_time, service.description, ...)";

    public static BillingFormat Detect(IReadOnlyList<string> header, string fileName)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(fileName);
        if (header.Any(h => h.StartsWith("lineItem/", StringComparison.Ordinal) || h.StartsWith("bill/", StringComparison.Ordinal)))
        {
            return BillingFormat.AwsCurLegacy;
        }
        if (header.Any(h => h.StartsWith("line_item_", StringComparison.Ordinal) || h.StartsWith("bill_", StringComparison.Ordinal)))
        {
            return BillingFormat.AwsCur2;
        }
        if (GcpBillingColumns.Matches(header))
        {
            return BillingFormat.GcpBilling;
        }
        var names = new HashSet<string>(header, StringComparer.Ordinal);
        if (FocusSignature.Any(names.Contains))
        {
            return BillingFormat.Focus;
        }
        var columns = new CsvColumnIndex(header);
        if (columns.Contains("CostInBillingCurrency"))
        {
            return BillingFormat.AzureCostInBillingCurrency;
        }
        // "Cost" alone is too common a column name to mean Azure: it needs Azure's own columns beside it.
        var azureColumns = AzureSignature.Count(columns.Contains);
        if ((columns.Contains("Cost") && azureColumns >= 1) || azureColumns >= 2)
        {
            return BillingFormat.AzureEaLegacy;
        }
        var shown = string.Join(',', header.Take(ShownColumns)) + (header.Count > ShownColumns ? $",... ({header.Count} columns)" : "");
        throw new InputFormatException(fileName, null,
            $"unrecognised billing export: the header matches none of the supported formats ({SupportedFormats}); the header starts: {shown}");
    }
}
