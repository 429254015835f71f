using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Parsers.Billing;

/// <summary>
/// Maps AWS CUR rows (legacy <c>lineItem/UnblendedCost</c> headers or CUR 2.0 / Athena snake_case; see
/// <see cref="CsvColumnIndex"/>) onto FOCUS as the FinOps Foundation's converter and AWS's FOCUS export do:
/// BilledCost = unblended cost; EffectiveCost = the amortized cost after commitments (see <see cref="EffectiveCost"/>);
/// ListCost = public on-demand cost; ChargeCategory from the line item type. Credits and refunds keep their sign.
/// Tags come from <c>resourceTags/user:KEY</c>, <c>resource_tags_user_KEY</c> columns or the <c>resource_tags</c> map
/// (keys without the prefix); every other column is kept in Extra as <c>x_&lt;header name&gt;</c>.
/// </summary>
internal sealed class AwsCurRowMapper : BillingRowMapper
{
    private const string LegacyTagPrefix = "resourceTags/user:";
    private const string SnakeTagPrefix = "resource_tags_user_";
    private const string MapTagPrefix = "user_";

    private readonly int unblendedCost, lineItemType, usageStart, usageEnd, periodStart, periodEnd, currency;
    private readonly int payer, payerName, usageAccount, usageAccountName, productName, productCode, region, resourceId;
    private readonly int publicOnDemandCost, spEffectiveCost, riEffectiveCost, riUnusedUpfront, riUnusedRecurring, spTotalCommitment, spUsedCommitment;
    private readonly int description, usageAmount, pricingUnit, sku, zone, spArn, riArn, invoicingEntity, tagMap;
    private readonly (int Index, string Key)[] tagColumns;
    private readonly bool[] tagColumn;
    private readonly TagObject tags = new();

    public AwsCurRowMapper(string[] header, string fileName, long headerLine, bool legacy) : base(header)
    {
        var columns = new CsvColumnIndex(header);
        var missing = new List<string>();
        // Each name is given as legacy CUR spells it; CsvColumnIndex also finds the snake_case form.
        int Require(string name) => columns.Require(missing, legacy ? name : SnakeCase(name));
        unblendedCost = Require("lineItem/UnblendedCost");
        lineItemType = Require("lineItem/LineItemType");
        usageStart = Require("lineItem/UsageStartDate");
        usageEnd = Require("lineItem/UsageEndDate");
        periodStart = Require("bill/BillingPeriodStartDate");
        periodEnd = Require("bill/BillingPeriodEndDate");
        currency = Require("lineItem/CurrencyCode");
        if (missing.Count > 0)
        {
            throw new InputFormatException(fileName, headerLine, MissingColumns(missing, legacy ? "AWS CUR" : "AWS CUR 2.0", header));
        }
        payer = columns.Find("bill/PayerAccountId");
        payerName = columns.Find("bill/PayerAccountName");
        usageAccount = columns.Find("lineItem/UsageAccountId");
        usageAccountName = columns.Find("lineItem/UsageAccountName");
        productName = columns.Find("product/ProductName");
        productCode = columns.Find("lineItem/ProductCode");
        region = columns.Find("product/region", "product/regionCode");
        resourceId = columns.Find("lineItem/ResourceId");
        publicOnDemandCost = columns.Find("pricing/publicOnDemandCost");
        spEffectiveCost = columns.Find("savingsPlan/SavingsPlanEffectiveCost");
        riEffectiveCost = columns.Find("reservation/EffectiveCost");
        riUnusedUpfront = columns.Find("reservation/UnusedAmortizedUpfrontFeeForBillingPeriod");
        riUnusedRecurring = columns.Find("reservation/UnusedRecurringFee");
        spTotalCommitment = columns.Find("savingsPlan/TotalCommitmentToDate");
        spUsedCommitment = columns.Find("savingsPlan/UsedCommitment");
        description = columns.Find("lineItem/LineItemDescription");
        usageAmount = columns.Find("lineItem/UsageAmount");
        pricingUnit = columns.Find("pricing/unit");
        sku = columns.Find("product/sku");
        zone = columns.Find("lineItem/AvailabilityZone");
        spArn = columns.Find("savingsPlan/SavingsPlanARN");
        riArn = columns.Find("reservation/ReservationARN");
        invoicingEntity = columns.Find("bill/InvoicingEntity");
        tagMap = Array.IndexOf(header, "resource_tags");
        MarkDirect(unblendedCost, usageStart, usageEnd, periodStart, periodEnd, currency, payer, payerName, usageAccount, usageAccountName,
            productName, region, resourceId, publicOnDemandCost, description, usageAmount, pricingUnit, sku, zone, invoicingEntity, tagMap);
        var found = new List<(int, string)>();
        tagColumn = new bool[header.Length];
        for (var i = 0; i < header.Length; i++)
        {
            var prefix = header[i].StartsWith(LegacyTagPrefix, StringComparison.Ordinal) ? LegacyTagPrefix
                : header[i].StartsWith(SnakeTagPrefix, StringComparison.Ordinal) ? SnakeTagPrefix : null;
            if (prefix is not null)
            {
                found.Add((i, header[i][prefix.Length..]));
                tagColumn[i] = true;
            }
        }
        tagColumns = [.. found];
    }

    protected override bool ExtrasAreCopiedColumns => true;

    protected override bool[]? ExtraSkip => tagColumn;

    protected override IReadOnlySet<int> ReadColumns =>
        new[]
        {
            unblendedCost, lineItemType, usageStart, usageEnd, periodStart, periodEnd, currency,
            payer, payerName, usageAccount, usageAccountName, productName, productCode, region, resourceId,
            publicOnDemandCost, spEffectiveCost, riEffectiveCost, riUnusedUpfront, riUnusedRecurring, spTotalCommitment, spUsedCommitment,
            description, usageAmount, pricingUnit, sku, zone, spArn, riArn, invoicingEntity, tagMap,
        }.Where(i => i >= 0).Concat(tagColumns.Select(t => t.Index)).ToHashSet();

    protected override IReadOnlySet<int> NumberColumns =>
        new[] { unblendedCost, publicOnDemandCost, spEffectiveCost, riEffectiveCost, riUnusedUpfront, riUnusedRecurring, spTotalCommitment, spUsedCommitment, usageAmount }
            .Where(i => i >= 0).ToHashSet();

    protected override IReadOnlySet<int> TimestampColumns => new[] { usageStart, usageEnd, periodStart, periodEnd }.ToHashSet();

    /// <summary>FOCUS ChargeCategory of an AWS line item type.</summary>
    public static string ChargeCategory(string? lineItemType) => lineItemType switch
    {
        "Usage" or "DiscountedUsage" or "SavingsPlanCoveredUsage" => "Usage",
        "Fee" or "RIFee" or "SavingsPlanRecurringFee" or "SavingsPlanUpfrontFee" => "Purchase",
        "Tax" => "Tax",
        "Credit" or "Refund" or "BundledDiscount" or "EdpDiscount" or "SavingsPlanNegation" => "Credit",
        _ => "Adjustment",
    };

    protected override string? Map(IRecordReader csv, FocusLineItem row)
    {
        var type = Text(csv, lineItemType);
        decimal billed = 0, list = 0, effective = 0;
        DateTime chargeStart = default, chargeEnd = default, billingStart = default, billingEnd = default;
        decimal? quantity = null;
        var error = Money(csv, unblendedCost, 0m, out billed)
            ?? Money(csv, publicOnDemandCost, 0m, out list)
            ?? EffectiveCost(csv, type, billed, out effective)
            ?? Time(csv, usageStart, out chargeStart)
            ?? Time(csv, usageEnd, out chargeEnd)
            ?? Time(csv, periodStart, out billingStart)
            ?? Time(csv, periodEnd, out billingEnd)
            ?? Number(csv, usageAmount, out quantity);
        if (error is not null)
        {
            return error;
        }
        row.BilledCost = billed;
        row.EffectiveCost = effective;
        row.ListCost = list;
        row.BillingCurrency = Text(csv, currency) ?? "";
        row.ChargePeriodStart = chargeStart;
        row.ChargePeriodEnd = chargeEnd;
        row.BillingPeriodStart = billingStart;
        row.BillingPeriodEnd = billingEnd;
        row.ChargeCategory = ChargeCategory(type);
        row.ChargeDescription = Text(csv, description);
        row.ConsumedQuantity = quantity;
        row.PricingUnit = Text(csv, pricingUnit);
        row.BillingAccountId = Text(csv, payer);
        row.BillingAccountName = Text(csv, payerName);
        row.SubAccountId = Text(csv, usageAccount);
        row.SubAccountName = Text(csv, usageAccountName);
        row.ServiceName = Text(csv, productName) ?? Text(csv, productCode);
        row.RegionId = Text(csv, region);
        row.ResourceId = Text(csv, resourceId);
        row.SkuId = Text(csv, sku);
        row.AvailabilityZone = Text(csv, zone);
        row.InvoiceIssuerName = Text(csv, invoicingEntity);
        row.ProviderName = "AWS";
        row.PublisherName = "AWS";
        if (type is "DiscountedUsage" or "SavingsPlanCoveredUsage")
        {
            row.CommitmentDiscountId = Text(csv, type == "DiscountedUsage" ? riArn : spArn);
            row.CommitmentDiscountStatus = "Used";
        }
        else if (type is "RIFee" or "SavingsPlanRecurringFee")
        {
            row.CommitmentDiscountId = Text(csv, type == "RIFee" ? riArn : spArn);
        }
        error = ReadTags(csv, row);
        if (error is not null)
        {
            return error;
        }
        AddExtra(csv, row);
        return null;
    }

    // EffectiveCost: covered usage costs its amortized commitment rate, the negation of SP-covered usage and
    // upfront fees are 0 (already amortized into usage), recurring fees keep only their unused part; the rest is billed.
    private string? EffectiveCost(IRecordReader csv, string? type, decimal billed, out decimal effective)
    {
        effective = billed;
        decimal first = 0, second = 0;
        string? error;
        switch (type)
        {
            case "SavingsPlanCoveredUsage":
                return Money(csv, spEffectiveCost, billed, out effective);
            case "DiscountedUsage":
                return Money(csv, riEffectiveCost, billed, out effective);
            case "SavingsPlanNegation" or "SavingsPlanUpfrontFee":
                effective = 0m;
                return null;
            case "RIFee":
                error = Money(csv, riUnusedUpfront, 0m, out first) ?? Money(csv, riUnusedRecurring, 0m, out second);
                effective = first + second;
                return error;
            case "SavingsPlanRecurringFee":
                if (spTotalCommitment < 0 || spUsedCommitment < 0)
                {
                    effective = 0m;
                    return null;
                }
                error = Money(csv, spTotalCommitment, 0m, out first) ?? Money(csv, spUsedCommitment, 0m, out second);
                effective = first - second;
                return error;
            default:
                return null;
        }
    }

    private string? Time(IRecordReader csv, int index, out DateTime value)
    {
        value = default;
        if (csv is ITypedColumnsSource typed && typed.TryTimestamp(index, out var typedValue))
        {
            if (typedValue is not { } instant)
            {
                return $"{Header[index]} is empty";
            }
            value = instant;
            return null;
        }
        var text = csv[index];
        if (text.Trim().IsEmpty)
        {
            return $"{Header[index]} is empty";
        }
        if (!IsoTimestamp.TryParse(text, out var time))
        {
            return $"{Header[index]} is not a timestamp: '{text}'";
        }
        value = time.UtcDateTime;
        return null;
    }

    private string? ReadTags(IRecordReader csv, FocusLineItem row)
    {
        tags.Clear();
        if (tagMap >= 0 && Text(csv, tagMap) is { } json)
        {
            var error = tags.AddJson(json, MapTagPrefix);
            if (error is not null)
            {
                return error;
            }
        }
        foreach (var (index, key) in tagColumns)
        {
            if (Text(csv, index) is { } value)
            {
                tags.Add(key, value);
            }
        }
        row.TagsJson = tags.ToJson();
        return null;
    }

    // lineItem/UnblendedCost -> line_item_unblended_cost (only for the missing-column message; lookup is loose).
    private static string SnakeCase(string legacyName)
    {
        var builder = new System.Text.StringBuilder(legacyName.Length + 8);
        foreach (var c in legacyName)
        {
            if (c == '/')
            {
                builder.Append('_');
            }
            else if (char.IsAsciiLetterUpper(c))
            {
                if (builder.Length > 0 && builder[^1] != '_')
                {
                    builder.Append('_');
                }
                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }
}
