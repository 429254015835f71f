using System.Globalization;
using Platform.Insights.Demo.Model;

namespace Platform.Insights.Demo.Billing;

/// <summary>
/// AWS-like on-demand list prices (USD) for the sizes the planner hands out, in eu-west-1 and us-east-1.
/// SKU ids are derived from a stable hash of type, size and region so they repeat across runs.
/// </summary>
internal static class PriceBook
{
    public const string OnDemandOffer = ".JRTCKXETXF.6YS6EN2CT7";

    private static readonly Dictionary<string, (decimal Eu, decimal Us)> Hourly = new(StringComparer.Ordinal)
    {
        ["t3.medium"] = (0.0456m, 0.0416m),
        ["t3.large"] = (0.0912m, 0.0832m),
        ["m6i.large"] = (0.107m, 0.096m),
        ["m6i.xlarge"] = (0.214m, 0.192m),
        ["m6i.2xlarge"] = (0.428m, 0.384m),
        ["c6i.xlarge"] = (0.192m, 0.17m),
        ["r6i.large"] = (0.141m, 0.126m),
        ["r6i.2xlarge"] = (0.564m, 0.504m),
        ["db.t4g.medium"] = (0.072m, 0.065m),
        ["db.m6g.large"] = (0.168m, 0.152m),
        ["db.r6g.large"] = (0.258m, 0.225m),
        ["db.r6g.xlarge"] = (0.516m, 0.45m),
        ["db.r6g.2xlarge"] = (1.032m, 0.899m),
    };

    public static string RegionName(string region) => region == "eu-west-1" ? "Europe (Ireland)" : "US East (N. Virginia)";

    public static PriceEntry For(ResourceModel resource)
    {
        var eu = resource.Service.Region == "eu-west-1";
        var sku = SkuId(resource.Type + "/" + resource.Size + "/" + resource.Service.Region);
        var location = RegionName(resource.Service.Region);
        switch (resource.Type)
        {
            case ResourceModel.Vm:
            {
                var price = eu ? Hourly[resource.Size].Eu : Hourly[resource.Size].Us;
                return new PriceEntry("Amazon Elastic Compute Cloud", "Compute", "instance", "Hours", price, 1m, sku,
                    Describe(price, $"per On Demand Linux {resource.Size} Instance Hour"));
            }
            case ResourceModel.Database:
            {
                var price = eu ? Hourly[resource.Size].Eu : Hourly[resource.Size].Us;
                return new PriceEntry("Amazon Relational Database Service", "Databases", "db-instance", "Hours", price, 1m, sku,
                    Describe(price, $"per RDS {resource.Size} Single-AZ instance hour running PostgreSQL"));
            }
            case ResourceModel.K8sWorkload:
            {
                // vCPU-hours of requested capacity, memory (2 GiB per vCPU) folded into the rate.
                var price = eu ? 0.05429m : 0.04937m;
                var vcpu = decimal.Parse(resource.Size.Split(' ')[0], CultureInfo.InvariantCulture);
                return new PriceEntry("Amazon Elastic Kubernetes Service", "Compute", "workload", "vCPU-Hours", price, vcpu, sku,
                    Describe(price, $"per vCPU-hour of Kubernetes workload requests (2 GiB/vCPU) in {location}"));
            }
            default:
            {
                var price = eu ? 0.088m : 0.08m;
                var gib = decimal.Parse(resource.Size.Split(' ')[1], CultureInfo.InvariantCulture);
                return new PriceEntry("Amazon Elastic Compute Cloud", "Storage", "volume", "GB-Months", price, gib, sku,
                    Describe(price, $"per GB-month of General Purpose SSD (gp3) provisioned storage - {location}"));
            }
        }
    }

    /// <summary>A 16-character SKU code like AWS's, stable for a given key.</summary>
    public static string SkuId(string key)
    {
        const string alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
        var hash = RandomStreams.Mix(RandomStreams.Fnv1a(key));
        return string.Create(16, hash, static (span, h) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[(int)(h % (ulong)alphabet.Length)];
                h = RandomStreams.Mix(h + 1);
            }
        });
    }

    private static string Describe(decimal price, string what) =>
        "$" + price.ToString(CultureInfo.InvariantCulture) + " " + what;
}
