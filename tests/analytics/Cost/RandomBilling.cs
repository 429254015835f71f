using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Analytics.Tests.Cost;

/// <summary>
/// Random billing for the allocation's equivalence properties: three billing months of daily rows with team / service /
/// Kubernetes tags or none, two accounts (one mapped to a team), a shared network tag and a support ServiceName, three
/// currencies, credits and refunds (negative), and a second delivery that restates some of the first's periods.
/// </summary>
internal sealed class RandomBilling(Random random)
{
    public static readonly DateTime Month0 = new(2024, 9, 1, 0, 0, 0, DateTimeKind.Utc);

    private static readonly string[] Teams = ["payments", "search", "infra", "web"];
    private static readonly string[] Services = ["checkout-api", "search", "ledger", "frontend", "batch"];
    private static readonly string[] Currencies = ["USD", "EUR", "JPY"];
    private static readonly string[] Accounts = ["sub-1", "sub-2", "sub-3"];
    private static readonly string[] CloudServices = ["Amazon EC2", "Amazon S3", "AWS Support", "Amazon VPC"];

    public FocusLineItem Row()
    {
        var start = Month0.AddDays(random.Next(0, 90)).AddHours(random.Next(0, 24));
        var period = new DateTime(start.Year, start.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        var credit = random.Next(10) == 0;
        var cost = (credit ? -1 : 1) * (random.Next(0, 100_000) / 100m + random.Next(0, 1000) * 0.000001m);
        return new FocusLineItem
        {
            BilledCost = cost,
            EffectiveCost = random.Next(4) == 0 ? cost * 0.7m : cost,
            ListCost = Math.Abs(cost) * 1.1m,
            ContractedCost = cost,
            BillingCurrency = Currencies[random.Next(Currencies.Length)],
            BillingAccountId = random.Next(5) == 0 ? "acct-2" : "acct-1",
            SubAccountId = random.Next(6) == 0 ? null : Accounts[random.Next(Accounts.Length)],
            SubAccountName = "account",
            BillingPeriodStart = period,
            BillingPeriodEnd = period.AddMonths(1),
            ChargePeriodStart = start,
            ChargePeriodEnd = start.AddHours(1),
            ChargeCategory = credit ? "Credit" : random.Next(8) == 0 ? "Purchase" : "Usage",
            PricingCategory = random.Next(3) switch { 0 => "Committed", 1 => "Dynamic", _ => "Standard" },
            ServiceCategory = random.Next(2) == 0 ? "Compute" : "Storage",
            CommitmentDiscountId = random.Next(4) == 0 ? "cd-1" : null,
            CommitmentDiscountStatus = random.Next(3) switch { 0 => "Used", 1 => "Unused", _ => null },
            ProviderName = "AWS",
            ServiceName = CloudServices[random.Next(CloudServices.Length)],
            RegionId = random.Next(2) == 0 ? "eu-west-1" : null,
            ResourceId = random.Next(3) == 0 ? null : $"r-{random.Next(20)}",
            TagsJson = Tags(),
        };
    }

    private string? Tags()
    {
        if (random.Next(5) == 0)
        {
            return null;
        }
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        var pairs = random.Next(0, 4);
        for (var i = 0; i < pairs; i++)
        {
            switch (random.Next(7))
            {
                case 0: tags["team"] = Teams[random.Next(Teams.Length)]; break;
                case 1: tags["service"] = Services[random.Next(Services.Length)]; break;
                case 2: tags["app.kubernetes.io/name"] = Services[random.Next(Services.Length)]; break;
                case 3: tags["env"] = random.Next(2) == 0 ? "prod" : "dev"; break;
                case 4: tags["component"] = random.Next(2) == 0 ? "network" : "search"; break;
                case 5: tags["owner"] = random.Next(3) == 0 ? "" : Teams[random.Next(Teams.Length)]; break;
                default: tags["cost-center"] = $"cc-{random.Next(3)}"; break;
            }
        }
        return System.Text.Json.JsonSerializer.Serialize(tags);
    }
}
