using System.Globalization;
using Platform.Insights.Demo.Model;

namespace Platform.Insights.Demo.Billing;

/// <summary>Builds the FOCUS rows of one day: resource usage (on-demand, committed or spot), shared untagged spend, unused commitment.</summary>
internal sealed class BillingRows(OrganisationModel model, SavingsPlan? plan)
{
    public const string SharedAccount = "345678901234";
    private const int Decimals = 10;

    public FocusRow Usage(ResourceModel resource, PriceEntry price, DateTime day, DateTime monthStart, DateTime monthEnd, decimal factor, Random r)
    {
        decimal quantity;
        if (resource.Type == ResourceModel.Volume)
        {
            quantity = Round(price.UnitsPerHour / DateTime.DaysInMonth(day.Year, day.Month));
        }
        else
        {
            // Kubernetes workloads autoscale: requested vCPU-hours vary a little from day to day (committed
            // ones are steady, so the Savings Plan always covers them).
            var daily = resource.Type == ResourceModel.K8sWorkload && resource.Profile == DemoResourceProfile.Active
                && resource.Pricing != DemoPricingModel.Committed
                ? 1 + (r.Next(-15, 16) / 100m)
                : 1m;
            quantity = Round(price.UnitsPerHour * 24 * daily * factor);
        }
        var list = Round(quantity * price.UnitPrice);
        var (billed, effective, contracted) = resource.Pricing switch
        {
            DemoPricingModel.Committed => (0m, Round(list * (1 - SavingsPlan.Discount)), list),
            DemoPricingModel.Spot => SpotCosts(list, r),
            _ => (list, list, list),
        };
        var committed = resource.Pricing == DemoPricingModel.Committed && plan is not null;
        return new FocusRow
        {
            BillingPeriodStart = monthStart,
            BillingPeriodEnd = monthEnd,
            ChargePeriodStart = day,
            ChargePeriodEnd = day.AddDays(1),
            SubAccountId = resource.AccountId,
            SubAccountName = resource.Environment == "production" ? "acme-production" : "acme-staging",
            ChargeDescription = resource.Pricing == DemoPricingModel.Spot ? price.Description.Replace("On Demand", "Spot", StringComparison.Ordinal) : price.Description,
            BilledCost = billed,
            EffectiveCost = effective,
            ListCost = list,
            ContractedCost = contracted,
            ListUnitPrice = price.UnitPrice,
            ContractedUnitPrice = resource.Pricing == DemoPricingModel.Spot ? null : price.UnitPrice,
            PricingQuantity = quantity,
            PricingUnit = price.PricingUnit,
            ConsumedQuantity = quantity,
            ConsumedUnit = price.PricingUnit,
            PricingCategory = resource.Pricing switch
            {
                DemoPricingModel.Committed => "Committed",
                DemoPricingModel.Spot => "Dynamic",
                _ => "Standard",
            },
            CommitmentDiscountCategory = committed ? "Spend" : null,
            CommitmentDiscountId = committed ? plan!.Id : null,
            CommitmentDiscountName = committed ? plan!.Name : null,
            CommitmentDiscountStatus = committed ? "Used" : null,
            CommitmentDiscountType = committed ? "Savings Plan" : null,
            RegionId = resource.Service.Region,
            AvailabilityZone = resource.Type == ResourceModel.K8sWorkload ? null : resource.Service.Region + "abc"[resource.Index % 3],
            ResourceId = resource.Id,
            ResourceName = resource.Name,
            ResourceType = price.ResourceType,
            ServiceName = price.ServiceName,
            ServiceCategory = price.ServiceCategory,
            SkuId = price.SkuId,
            SkuPriceId = resource.Pricing == DemoPricingModel.Spot ? null : price.SkuId + PriceBook.OnDemandOffer,
            Tags = "{\"team\":\"" + resource.Service.Team.Name + "\",\"service\":\"" + resource.Service.Name + "\",\"env\":\"" + resource.Environment + "\"}",
        };
    }

    /// <summary>Shared platform costs nobody tagged (~5 % of spend): NAT gateway traffic, log ingestion, a log bucket.</summary>
    public IEnumerable<FocusRow> Shared(decimal taggedEffective, DateTime day, DateTime monthStart, DateTime monthEnd, Random r)
    {
        var total = taggedEffective * 0.055m * (1 + (r.Next(-15, 16) / 100m));
        yield return SharedRow(total * 0.45m, 0.048m, "GB", "Amazon Virtual Private Cloud", "Networking", "nat-gateway",
            "nat-0" + RandomStreams.For(model.Seed, "billing.nat").Hex(16), "$0.048 per GB Data Processed by NAT Gateways", day, monthStart, monthEnd);
        yield return SharedRow(total * 0.30m, 0.57m, "GB", "AmazonCloudWatch", "Management and Governance", "log-group",
            $"arn:aws:logs:eu-west-1:{SharedAccount}:log-group:/platform/shared", "$0.57 per GB of custom log data ingested", day, monthStart, monthEnd);
        yield return SharedRow(total * 0.25m, 0.023m, "GB-Months", "Amazon Simple Storage Service", "Storage", "bucket",
            "arn:aws:s3:::acme-shared-logs", "$0.023 per GB-month of storage used, first 50 TB", day, monthStart, monthEnd);
    }

    /// <summary>The part of the day's commitment no covered usage consumed.</summary>
    public FocusRow Unused(decimal usedEffective, DateTime day, DateTime monthStart, DateTime monthEnd) => new()
    {
        BillingPeriodStart = monthStart,
        BillingPeriodEnd = monthEnd,
        ChargePeriodStart = day,
        ChargePeriodEnd = day.AddDays(1),
        SubAccountId = SharedAccount,
        SubAccountName = "acme-shared-services",
        ChargeDescription = "Unused Savings Plan commitment",
        BilledCost = 0m,
        EffectiveCost = (plan!.HourlyCommitment * 24) - usedEffective,
        ListCost = 0m,
        ContractedCost = 0m,
        PricingCategory = "Committed",
        CommitmentDiscountCategory = "Spend",
        CommitmentDiscountId = plan.Id,
        CommitmentDiscountName = plan.Name,
        CommitmentDiscountStatus = "Unused",
        CommitmentDiscountType = "Savings Plan",
        RegionId = "eu-west-1",
        ResourceId = plan.Id,
        ServiceName = "Savings Plans for AWS Compute usage",
        ServiceCategory = "Compute",
    };

    /// <summary>The commitment fee for the covered part of the month; amortised into usage, so EffectiveCost 0.</summary>
    public FocusRow Purchase(DateTime from, DateTime to, DateTime monthStart, DateTime monthEnd)
    {
        var hours = (decimal)(to - from).TotalHours;
        var fee = plan!.HourlyCommitment * hours;
        return new FocusRow
        {
            BillingPeriodStart = monthStart,
            BillingPeriodEnd = monthEnd,
            ChargePeriodStart = from,
            ChargePeriodEnd = to,
            SubAccountId = SharedAccount,
            SubAccountName = "acme-shared-services",
            ChargeCategory = "Purchase",
            ChargeFrequency = "Recurring",
            ChargeDescription = "Savings Plan recurring fee: $" + plan.HourlyCommitment.ToString(CultureInfo.InvariantCulture) + " per hour",
            BilledCost = fee,
            EffectiveCost = 0m,
            ListCost = fee,
            ContractedCost = fee,
            ListUnitPrice = plan.HourlyCommitment,
            ContractedUnitPrice = plan.HourlyCommitment,
            PricingQuantity = hours,
            PricingUnit = "Hours",
            CommitmentDiscountCategory = "Spend",
            CommitmentDiscountId = plan.Id,
            CommitmentDiscountName = plan.Name,
            CommitmentDiscountType = "Savings Plan",
            RegionId = "eu-west-1",
            ResourceId = plan.Id,
            ServiceName = "Savings Plans for AWS Compute usage",
            ServiceCategory = "Compute",
        };
    }

    private static (decimal Billed, decimal Effective, decimal Contracted) SpotCosts(decimal list, Random r)
    {
        var spot = Round(list * (30 + r.Next(0, 9)) / 100m);
        return (spot, spot, spot);
    }

    private FocusRow SharedRow(decimal amount, decimal unitPrice, string unit, string service, string category, string type, string id, string description, DateTime day, DateTime monthStart, DateTime monthEnd)
    {
        var quantity = Round(amount / unitPrice);
        var cost = Round(quantity * unitPrice);
        return new FocusRow
        {
            BillingPeriodStart = monthStart,
            BillingPeriodEnd = monthEnd,
            ChargePeriodStart = day,
            ChargePeriodEnd = day.AddDays(1),
            SubAccountId = SharedAccount,
            SubAccountName = "acme-shared-services",
            ChargeDescription = description,
            BilledCost = cost,
            EffectiveCost = cost,
            ListCost = cost,
            ContractedCost = cost,
            ListUnitPrice = unitPrice,
            ContractedUnitPrice = unitPrice,
            PricingQuantity = quantity,
            PricingUnit = unit,
            ConsumedQuantity = quantity,
            ConsumedUnit = unit,
            RegionId = "eu-west-1",
            ResourceId = id,
            ResourceType = type,
            ServiceName = service,
            ServiceCategory = category,
            SkuId = PriceBook.SkuId(service + "/" + type),
            SkuPriceId = PriceBook.SkuId(service + "/" + type) + PriceBook.OnDemandOffer,
        };
    }

    private static decimal Round(decimal value) => decimal.Round(value, Decimals, MidpointRounding.AwayFromZero);
}
