namespace Platform.Insights.Ingest.Parsers.Billing;

/// <summary>
/// The columns of Google Cloud's BigQuery billing export (<c>gcp_billing_export_v1_*</c> standard and
/// <c>gcp_billing_export_resource_v1_*</c> detailed), by the dotted path a CSV export of the table names them
/// (<c>service.description</c>). JSON lines exports are flattened onto these paths; repeated fields
/// (<c>labels</c>, <c>credits</c>, <c>project.labels</c>, …) stay JSON arrays.
/// </summary>
internal static class GcpBillingColumns
{
    public static readonly string[] All =
    [
        "billing_account_id", "invoice.month", "invoice.publisher_type", "cost_type",
        "service.id", "service.description", "sku.id", "sku.description",
        "usage_start_time", "usage_end_time",
        "project.id", "project.number", "project.name", "project.labels", "project.ancestry_numbers", "project.ancestors",
        "labels", "system_labels", "tags",
        "location.location", "location.country", "location.region", "location.zone",
        "resource.name", "resource.global_name",
        "export_time", "cost", "currency", "currency_conversion_rate", "cost_at_list",
        "usage.amount", "usage.unit", "usage.amount_in_pricing_units", "usage.pricing_unit",
        "credits",
        "adjustment_info.id", "adjustment_info.description", "adjustment_info.mode", "adjustment_info.type",
        "price.effective_price", "price.tier_start_amount", "price.unit", "price.pricing_unit_quantity",
        "transaction_type", "seller_name", "subscription.instance_id",
        "consumption_model.id", "consumption_model.description",
    ];

    /// <summary>
    /// True when a header is a GCP billing export's: its account, cost and usage-time columns, spelled exactly
    /// (a loose match would take Azure's <c>BillingAccountId</c> and <c>Cost</c> for them).
    /// </summary>
    public static bool Matches(IReadOnlyList<string> header) =>
        header.Contains("billing_account_id") && header.Contains("cost") && header.Contains("usage_start_time");
}
