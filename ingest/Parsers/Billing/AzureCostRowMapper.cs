using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Parsers.Billing;

/// <summary>
/// Maps Azure Cost Management export rows onto FOCUS, as Microsoft's FinOps toolkit and FOCUS exports do.
/// <list type="bullet">
/// <item>BilledCost = <c>Cost</c> (legacy EA set) or <c>CostInBillingCurrency</c>. EffectiveCost = the same value:
/// an export's file does not say whether it is the actual or the amortized view (the column has the same name in
/// both), so an amortized file gives the amortized cost in both and an actual file the actual cost in both.
/// Import the amortized export when effective cost matters.</item>
/// <item>ListCost = <c>PayGPrice</c> × <c>Quantity</c> when both are present, else 0.</item>
/// <item>ChargeCategory from <c>ChargeType</c>: Usage, Purchase, Tax as they are; Refund → Credit;
/// UnusedReservation / UnusedSavingsPlan → Usage with CommitmentDiscountStatus Unused; anything else → Adjustment.</item>
/// <item>ChargePeriod is the row's day (<c>Date</c> / <c>UsageDateTime</c>) to the next day; BillingPeriod is
/// <c>BillingPeriodStartDate</c> to the day after <c>BillingPeriodEndDate</c> (inclusive in Azure), else the date's month.</item>
/// <item>Tags: JSON, with the outer braces added when the export left them out. Other columns go to Extra as <c>x_…</c>.</item>
/// </list>
/// </summary>
internal sealed class AzureCostRowMapper : BillingRowMapper
{
    private readonly int cost, date, currency, account, accountName, subscription, subscriptionName, resourceId, resourceName;
    private readonly int service, location, periodStart, periodEnd, chargeType, pricingModel, benefitId, benefitName;
    private readonly int tagsColumn, quantity, payGPrice, unit, zone, publisher, product;
    private readonly FocusTags tags = new();

    public AzureCostRowMapper(string[] header, string fileName, long headerLine, bool costInBillingCurrency) : base(header)
    {
        var columns = new CsvColumnIndex(header);
        var missing = new List<string>();
        cost = costInBillingCurrency ? columns.Require(missing, "CostInBillingCurrency") : columns.Require(missing, "Cost", "PreTaxCost");
        date = columns.Require(missing, "Date", "UsageDateTime");
        currency = columns.Require(missing, "BillingCurrencyCode", "BillingCurrency", "Currency");
        if (missing.Count > 0)
        {
            throw new InputFormatException(fileName, headerLine,
                MissingColumns(missing, costInBillingCurrency ? "Azure cost export" : "Azure EA cost export", header));
        }
        account = columns.Find("BillingAccountId", "EnrollmentNumber");
        accountName = columns.Find("BillingAccountName");
        subscription = columns.Find("SubscriptionId", "SubscriptionGuid");
        subscriptionName = columns.Find("SubscriptionName");
        resourceId = columns.Find("ResourceId", "InstanceId");
        resourceName = columns.Find("ResourceName");
        service = columns.Find("MeterCategory", "ServiceName");
        location = columns.Find("ResourceLocation");
        periodStart = columns.Find("BillingPeriodStartDate");
        periodEnd = columns.Find("BillingPeriodEndDate");
        chargeType = columns.Find("ChargeType");
        pricingModel = columns.Find("PricingModel");
        benefitId = columns.Find("benefitId", "ReservationId");
        benefitName = columns.Find("benefitName", "ReservationName");
        tagsColumn = columns.Find("Tags");
        quantity = columns.Find("Quantity");
        payGPrice = columns.Find("PayGPrice");
        unit = columns.Find("UnitOfMeasure");
        zone = columns.Find("AvailabilityZone");
        publisher = columns.Find("PublisherName");
        product = columns.Find("ProductName", "Product");
        MarkDirect(cost, date, currency, account, accountName, subscription, subscriptionName, resourceId, resourceName, service,
            location, periodStart, periodEnd, tagsColumn, quantity, payGPrice, unit, zone, publisher, product);
    }

    /// <summary>FOCUS ChargeCategory of an Azure charge type (a file without the column is usage).</summary>
    public static string ChargeCategory(string? chargeType) => chargeType switch
    {
        null or "Usage" or "UnusedReservation" or "UnusedSavingsPlan" => "Usage",
        "Purchase" => "Purchase",
        "Refund" => "Credit",
        "Tax" => "Tax",
        _ => "Adjustment",
    };

    protected override string? Map(IRecordReader csv, FocusLineItem row)
    {
        decimal billed = 0;
        decimal? amount = null, price = null;
        DateTime day = default;
        var error = Money(csv, cost, 0m, out billed)
            ?? Day(csv, date, required: true, out day)
            ?? Number(csv, quantity, out amount)
            ?? Number(csv, payGPrice, out price)
            ?? BillingPeriod(csv, day, row);
        if (error is not null)
        {
            return error;
        }
        row.BilledCost = billed;
        row.EffectiveCost = billed;
        row.ListCost = amount is { } q && price is { } p ? q * p : 0m;
        row.ListUnitPrice = price;
        row.ConsumedQuantity = amount;
        row.PricingUnit = Text(csv, unit);
        row.BillingCurrency = Text(csv, currency) ?? "";
        row.ChargePeriodStart = day;
        row.ChargePeriodEnd = day.AddDays(1);
        var type = Text(csv, chargeType);
        row.ChargeCategory = ChargeCategory(type);
        row.ChargeDescription = Text(csv, product);
        row.BillingAccountId = Text(csv, account);
        row.BillingAccountName = Text(csv, accountName);
        row.SubAccountId = Text(csv, subscription);
        row.SubAccountName = Text(csv, subscriptionName);
        row.ResourceId = Text(csv, resourceId);
        row.ResourceName = Text(csv, resourceName);
        row.ServiceName = Text(csv, service);
        row.RegionId = Text(csv, location);
        row.AvailabilityZone = Text(csv, zone);
        row.PublisherName = Text(csv, publisher);
        row.ProviderName = "Microsoft";
        row.InvoiceIssuerName = "Microsoft";
        Commitment(csv, type, row);
        if (tagsColumn >= 0 && Text(csv, tagsColumn) is { } text)
        {
            var source = text.StartsWith('{') ? text : string.Concat("{", text, "}");
            error = tags.Normalize(source, out var json);
            if (error is not null)
            {
                return error;
            }
            row.TagsJson = json;
        }
        AddExtra(csv, row);
        return null;
    }

    private void Commitment(IRecordReader csv, string? type, FocusLineItem row)
    {
        var model = Text(csv, pricingModel);
        row.PricingCategory = model switch
        {
            "OnDemand" => "Standard",
            "Spot" => "Dynamic",
            "Reservation" or "SavingsPlan" => "Committed",
            _ => null,
        };
        if (model is not ("Reservation" or "SavingsPlan"))
        {
            return;
        }
        row.CommitmentDiscountId = Text(csv, benefitId);
        row.CommitmentDiscountName = Text(csv, benefitName);
        row.CommitmentDiscountType = model == "Reservation" ? "Reservation" : "Savings Plan";
        row.CommitmentDiscountCategory = model == "Reservation" ? "Usage" : "Spend";
        row.CommitmentDiscountStatus = type switch
        {
            "UnusedReservation" or "UnusedSavingsPlan" => "Unused",
            null or "Usage" => "Used",
            _ => null,
        };
    }

    private string? BillingPeriod(IRecordReader csv, DateTime day, FocusLineItem row)
    {
        DateTime start = default, end = default;
        var error = Day(csv, periodStart, required: false, out start) ?? Day(csv, periodEnd, required: false, out end);
        if (error is not null)
        {
            return error;
        }
        if (start == default)
        {
            start = new DateTime(day.Year, day.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        }
        row.BillingPeriodStart = start;
        row.BillingPeriodEnd = end == default ? start.AddMonths(1) : end.AddDays(1);
        return null;
    }

    private string? Day(IRecordReader csv, int index, bool required, out DateTime value)
    {
        value = default;
        if (index < 0)
        {
            return null;
        }
        var text = csv[index].Trim();
        if (text.IsEmpty)
        {
            return required ? $"{Header[index]} is empty" : null;
        }
        return AzureDate.TryParse(text, out value) ? null : $"{Header[index]} is not a date: '{text}'";
    }
}
