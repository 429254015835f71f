using System.Text.Json;
using DuckDB.NET.Data;
using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Analytics.Store;

/// <summary>Appends FOCUS rows to <c>focus_line_items</c> or a table of the same columns, in the table's column order.</summary>
internal static class FocusLineItemAppender
{
    public static void Append(DuckDBConnection connection, string table, string importId, IReadOnlyList<FocusLineItem> rows)
    {
        using var appender = connection.CreateAppender(table);
        foreach (var r in rows)
        {
            appender.CreateRow()
                .AppendValue(importId).AppendValue(r.SourceLine)
                .AppendValue(r.BilledCost).AppendValue(r.EffectiveCost).AppendValue(r.ListCost).AppendValue(r.ContractedCost)
                .AppendValue(r.BillingCurrency)
                .AppendValue(r.BillingAccountId).AppendValue(r.BillingAccountName).AppendValue(r.SubAccountId).AppendValue(r.SubAccountName)
                .AppendValue(r.BillingPeriodStart).AppendValue(r.BillingPeriodEnd).AppendValue(r.ChargePeriodStart).AppendValue(r.ChargePeriodEnd)
                .AppendValue(r.ChargeCategory).AppendValue(r.ChargeClass).AppendValue(r.ChargeDescription).AppendValue(r.ChargeFrequency)
                .AppendValue(r.PricingCategory).AppendValue(r.PricingQuantity).AppendValue(r.PricingUnit)
                .AppendValue(r.ListUnitPrice).AppendValue(r.ContractedUnitPrice).AppendValue(r.ConsumedQuantity).AppendValue(r.ConsumedUnit)
                .AppendValue(r.CommitmentDiscountCategory).AppendValue(r.CommitmentDiscountId).AppendValue(r.CommitmentDiscountName)
                .AppendValue(r.CommitmentDiscountStatus).AppendValue(r.CommitmentDiscountType)
                .AppendValue(r.ProviderName).AppendValue(r.PublisherName).AppendValue(r.InvoiceIssuerName)
                .AppendValue(r.ServiceCategory).AppendValue(r.ServiceName).AppendValue(r.SkuId).AppendValue(r.SkuPriceId)
                .AppendValue(r.ResourceId).AppendValue(r.ResourceName).AppendValue(r.ResourceType)
                .AppendValue(r.RegionId).AppendValue(r.RegionName).AppendValue(r.AvailabilityZone)
                .AppendValue(r.TagsJson)
                .AppendExtra(r)
                .EndRow();
        }
    }

    // The reader's UTF-8 bytes as they are when it gave bytes (no .NET string on the way), else the text or the dictionary.
    private static IDuckDBAppenderRow AppendExtra(this IDuckDBAppenderRow row, FocusLineItem r)
    {
        if (!r.ExtraJsonUtf8.IsEmpty)
        {
            return row.AppendValue(System.Runtime.InteropServices.MemoryMarshal.AsMemory(r.ExtraJsonUtf8).Span);
        }
        return row.AppendValue(r.ExtraJson ?? (r.Extra is { Count: > 0 } extra ? JsonSerializer.Serialize(extra) : null));
    }
}
