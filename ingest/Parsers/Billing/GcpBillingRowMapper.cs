using System.Globalization;
using System.Text.Json;
using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Parsers.Billing;

/// <summary>
/// Maps Google Cloud BigQuery billing export rows (standard or detailed; CSV with <c>service.description</c>-style
/// headers, or JSON lines flattened onto them by <see cref="JsonLinesRecordReader"/>) onto FOCUS.
/// <list type="bullet">
/// <item>BilledCost = <c>cost</c> + the sum of <c>credits[].amount</c> (credits are negative). Google documents the
/// invoice total as <c>SUM(cost) + SUM(credits.amount)</c>, so this keeps imported totals equal to the invoice. The
/// FinOps Foundation's focus_converters map BilledCost = <c>cost</c> and put credits only into EffectiveCost
/// (<c>max(cost + credits, 0)</c>); we deviate so that BilledCost reconciles, and keep the credits visible:
/// <c>x_Credits</c> is their (negative) sum, <c>x_CostBeforeCredits</c> the raw <c>cost</c>, <c>x_credits</c> the array.
/// EffectiveCost = BilledCost (not clamped at 0: a fully credited row then nets to 0 anyway).</item>
/// <item>ListCost = <c>cost_at_list</c> when exported, else 0. BillingPeriod = the calendar month of <c>invoice.month</c>
/// (YYYYMM), else of <c>usage_start_time</c>. ChargePeriod = <c>usage_start_time</c> to <c>usage_end_time</c>
/// (BigQuery writes <c>2024-09-01 00:00:00 UTC</c>; the <c>UTC</c> suffix is accepted).</item>
/// <item>ChargeCategory from <c>cost_type</c>: regular → Usage, tax → Tax, adjustment → Credit when negative else
/// Adjustment, rounding error → Adjustment, anything else → Adjustment (absent → Usage).</item>
/// <item>SubAccountId/Name = <c>project.id</c>/<c>project.name</c>; ServiceName = <c>service.description</c>;
/// ResourceId = <c>resource.global_name</c>, ResourceName = <c>resource.name</c> (detailed export).</item>
/// <item>Tags = <c>labels</c> (array of {key, value}) as a JSON object; <c>project.labels</c> are added as they are where
/// the resource has no label of that key, because teams usually label projects and allocation rules look for the
/// plain key (a resource label wins). Other columns go to Extra as <c>x_&lt;header name&gt;</c>.</item>
/// </list>
/// ProviderName, PublisherName (unless <c>seller_name</c> names a Marketplace seller) and InvoiceIssuerName are Google Cloud.
/// </summary>
internal sealed class GcpBillingRowMapper : BillingRowMapper
{
    public const string Provider = "Google Cloud";

    private readonly int cost, currency, usageStart, usageEnd, account, invoiceMonth, costType, serviceName, skuId, skuDescription;
    private readonly int projectId, projectName, region, zone, resourceName, resourceGlobalName, costAtList;
    private readonly int usageAmount, usageUnit, pricingAmount, pricingUnit, labels, projectLabels, credits, seller;
    private readonly TagObject tags = new();

    public GcpBillingRowMapper(string[] header, string fileName, long headerLine) : base(header)
    {
        var columns = new CsvColumnIndex(header);
        var missing = new List<string>();
        cost = columns.Require(missing, "cost");
        currency = columns.Require(missing, "currency");
        usageStart = columns.Require(missing, "usage_start_time");
        usageEnd = columns.Require(missing, "usage_end_time");
        if (missing.Count > 0)
        {
            throw new InputFormatException(fileName, headerLine, MissingColumns(missing, "GCP billing export", header));
        }
        account = columns.Find("billing_account_id");
        invoiceMonth = columns.Find("invoice.month");
        costType = columns.Find("cost_type");
        serviceName = columns.Find("service.description");
        skuId = columns.Find("sku.id");
        skuDescription = columns.Find("sku.description");
        projectId = columns.Find("project.id");
        projectName = columns.Find("project.name");
        region = columns.Find("location.region");
        zone = columns.Find("location.zone");
        resourceName = columns.Find("resource.name");
        resourceGlobalName = columns.Find("resource.global_name");
        costAtList = columns.Find("cost_at_list");
        usageAmount = columns.Find("usage.amount");
        usageUnit = columns.Find("usage.unit");
        pricingAmount = columns.Find("usage.amount_in_pricing_units");
        pricingUnit = columns.Find("usage.pricing_unit");
        labels = columns.Find("labels");
        projectLabels = columns.Find("project.labels");
        credits = columns.Find("credits");
        seller = columns.Find("seller_name");
        MarkDirect(cost, currency, usageStart, usageEnd, account, serviceName, skuId, skuDescription, projectId, projectName,
            region, zone, resourceName, resourceGlobalName, costAtList, usageAmount, usageUnit, pricingAmount, pricingUnit, labels, projectLabels);
    }

    /// <summary>FOCUS ChargeCategory of a GCP <c>cost_type</c>.</summary>
    public static string ChargeCategory(string? costType, decimal billed) => costType?.ToLowerInvariant() switch
    {
        null or "regular" => "Usage",
        "tax" => "Tax",
        "adjustment" => billed < 0 ? "Credit" : "Adjustment",
        _ => "Adjustment",
    };

    protected override string? Map(IRecordReader csv, FocusLineItem row)
    {
        decimal raw = 0, list = 0, creditSum = 0;
        var creditCount = 0;
        decimal? amount = null, pricing = null;
        DateTime start = default, end = default;
        var error = Money(csv, cost, 0m, out raw)
            ?? Money(csv, costAtList, 0m, out list)
            ?? Number(csv, usageAmount, out amount)
            ?? Number(csv, pricingAmount, out pricing)
            ?? Time(csv, usageStart, out start)
            ?? Time(csv, usageEnd, out end)
            ?? CreditSum(csv, out creditSum, out creditCount);
        if (error is not null)
        {
            return error;
        }
        var billed = raw + creditSum;
        row.BilledCost = billed;
        row.EffectiveCost = billed;
        row.ListCost = list;
        row.BillingCurrency = Text(csv, currency) ?? "";
        row.ChargePeriodStart = start;
        row.ChargePeriodEnd = end;
        error = BillingPeriod(csv, start, row);
        if (error is not null)
        {
            return error;
        }
        row.ChargeCategory = ChargeCategory(Text(csv, costType), billed);
        row.ChargeDescription = Text(csv, skuDescription);
        row.BillingAccountId = Text(csv, account);
        row.SubAccountId = Text(csv, projectId);
        row.SubAccountName = Text(csv, projectName);
        row.ServiceName = Text(csv, serviceName);
        row.SkuId = Text(csv, skuId);
        row.RegionId = Text(csv, region);
        row.AvailabilityZone = Text(csv, zone);
        row.ResourceId = Text(csv, resourceGlobalName);
        row.ResourceName = Text(csv, resourceName);
        row.ConsumedQuantity = amount;
        row.ConsumedUnit = Text(csv, usageUnit);
        row.PricingQuantity = pricing;
        row.PricingUnit = Text(csv, pricingUnit);
        row.ProviderName = Provider;
        row.InvoiceIssuerName = Provider;
        row.PublisherName = Text(csv, seller) ?? Provider;
        error = ReadTags(csv, row);
        if (error is not null)
        {
            return error;
        }
        AddExtra(csv, row);
        if (creditCount > 0)
        {
            var extra = row.Extra ??= new Dictionary<string, string?>(StringComparer.Ordinal);
            extra["x_Credits"] = creditSum.ToString(CultureInfo.InvariantCulture);
            extra["x_CostBeforeCredits"] = raw.ToString(CultureInfo.InvariantCulture);
        }
        return null;
    }

    private string? BillingPeriod(IRecordReader csv, DateTime usageStart, FocusLineItem row)
    {
        var month = new DateTime(usageStart.Year, usageStart.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        if (Text(csv, invoiceMonth) is { } text)
        {
            if (text.Length != 6 || !int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
                || !int.TryParse(text.AsSpan(4, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var m) || year < 1 || m is < 1 or > 12)
            {
                return $"{Header[invoiceMonth]} is not a YYYYMM month: '{text}'";
            }
            month = new DateTime(year, m, 1, 0, 0, 0, DateTimeKind.Utc);
        }
        row.BillingPeriodStart = month;
        row.BillingPeriodEnd = month.AddMonths(1);
        return null;
    }

    private string? Time(IRecordReader csv, int index, out DateTime value)
    {
        value = default;
        var text = csv[index].Trim();
        // BigQuery's CSV and JSON exports write TIMESTAMP as "2024-09-01 00:00:00 UTC".
        var iso = text.EndsWith(" UTC", StringComparison.Ordinal) ? text[..^4] : text;
        if (iso.IsEmpty)
        {
            return $"{Header[index]} is empty";
        }
        if (!IsoTimestamp.TryParse(iso, out var time))
        {
            return $"{Header[index]} is not a timestamp: '{text}'";
        }
        value = time.UtcDateTime;
        return null;
    }

    private string? CreditSum(IRecordReader csv, out decimal sum, out int count)
    {
        sum = 0;
        count = 0;
        if (Text(csv, credits) is not { } json)
        {
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return $"{Header[credits]} is not a JSON array";
            }
            foreach (var credit in document.RootElement.EnumerateArray())
            {
                if (credit.ValueKind != JsonValueKind.Object || !credit.TryGetProperty("amount", out var amount))
                {
                    return $"{Header[credits]} has an entry without an amount: {credit.GetRawText()}";
                }
                var text = amount.ValueKind == JsonValueKind.String ? amount.GetString()! : amount.GetRawText();
                if (!DecimalText.TryParse(text, out var value))
                {
                    return $"{Header[credits]} has an amount that is not a number: '{text}'";
                }
                sum += value;
                count++;
            }
            return null;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException) // a lone surrogate escape parses but cannot be read as text
        {
            return $"{Header[credits]} is not valid JSON: {ex.Message}";
        }
    }

    private string? ReadTags(IRecordReader csv, FocusLineItem row)
    {
        tags.Clear();
        var error = AddLabels(csv, projectLabels) ?? AddLabels(csv, labels);
        if (error is not null)
        {
            return error;
        }
        row.TagsJson = tags.ToJson();
        return null;
    }

    // Added in order project labels, then resource labels: TagObject keeps the last value of a key, so a resource label wins.
    private string? AddLabels(IRecordReader csv, int index)
    {
        if (Text(csv, index) is not { } json)
        {
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return $"{Header[index]} is not a JSON array of {{key, value}}";
            }
            foreach (var label in document.RootElement.EnumerateArray())
            {
                if (label.ValueKind == JsonValueKind.Object && label.TryGetProperty("key", out var key) && key.ValueKind == JsonValueKind.String)
                {
                    var value = label.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
                    tags.Add(key.GetString()!, value);
                }
            }
            return null;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException) // a lone surrogate escape parses but cannot be read as text
        {
            return $"{Header[index]} is not valid JSON: {ex.Message}";
        }
    }
}
