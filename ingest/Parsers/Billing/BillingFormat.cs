namespace Platform.Insights.Ingest.Parsers.Billing;

/// <summary>
/// The billing export layouts, each mapped onto FOCUS. A layout is told by its column names, so each may come as CSV
/// (<see cref="BillingCsvParser"/>) or Parquet (<see cref="BillingParquetParser"/>); GCP also as JSON lines.
/// </summary>
public enum BillingFormat
{
    /// <summary>FOCUS 1.0–1.2 CSV (<c>BilledCost</c>, <c>ChargePeriodStart</c>, …).</summary>
    Focus,

    /// <summary>AWS legacy Cost and Usage Report, CSV with <c>lineItem/UnblendedCost</c>-style headers.</summary>
    AwsCurLegacy,

    /// <summary>AWS CUR 2.0 (or Athena-style legacy) CSV with snake_case headers such as <c>line_item_unblended_cost</c>.</summary>
    AwsCur2,

    /// <summary>Azure EA cost export, legacy column set (cost in <c>Cost</c>).</summary>
    AzureEaLegacy,

    /// <summary>Azure Cost Management export with <c>CostInBillingCurrency</c> (EA / MCA).</summary>
    AzureCostInBillingCurrency,

    /// <summary>Google Cloud BigQuery billing export, standard or detailed (<c>cost</c>, <c>credits</c>, <c>service.description</c>, …).</summary>
    GcpBilling,
}
