using System.Text.Json;
using Platform.Insights.Host.Tests.Support;

namespace Platform.Insights.Host.Tests;

/// <summary>
/// Cost allocation is computed from the store as it is when a query runs (the <c>tag_allocation</c> table is made per
/// reader, never kept): a process that queries after another imported a delivery, or with other allocation rules, sees
/// the new rows and the new rules.
/// </summary>
public sealed class CostFreshnessCliTests : IDisposable
{
    private const string Header =
        "BilledCost,EffectiveCost,ListCost,ContractedCost,BillingCurrency,BillingAccountId,BillingPeriodStart,BillingPeriodEnd,"
        + "ChargePeriodStart,ChargePeriodEnd,ChargeCategory,ProviderName,ServiceName,ResourceId,Tags";

    private readonly TempDir _work = new("cost-fresh");

    public void Dispose() => _work.Dispose();

    private string Delivery(string name, string account, decimal cost, string tags)
    {
        var path = Path.Combine(Directory.CreateDirectory(_work.Sub("in")).FullName, name);
        File.WriteAllText(path, Header + "\n" + string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{cost},{cost},{cost},0,USD,{account},2024-09-01 00:00:00,2024-10-01 00:00:00,2024-09-18 10:00:00,2024-09-18 11:00:00,Usage,AWS,Amazon EC2,r-{account},\"{tags}\"\n"));
        return path;
    }

    private async Task<Dictionary<string, decimal>> TeamsAsync(string data, IReadOnlyDictionary<string, string>? environment = null)
    {
        var result = await InsightsExe.RunAsync(_work.Path, ["cost", "--by", "team", "--data", data, "--format", "json"], environment);
        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        return json.RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("group").GetString()!, e => e.GetProperty("billedCost").GetDecimal());
    }

    private async Task ImportAsync(string data, string file)
    {
        var import = await InsightsExe.RunAsync(_work.Path, ["import", "billing", file, "--data", data]);
        Assert.True(import.ExitCode == 0, import.ToString());
    }

    [Fact]
    public async Task A_later_process_sees_the_deliveries_and_the_allocation_rules_of_the_processes_before_it()
    {
        var data = _work.Sub("data");
        await ImportAsync(data, Delivery("a.csv", "111", 10m, """{""team"": ""alpha"", ""owner"": ""ops""}"""));
        var first = await TeamsAsync(data);

        await ImportAsync(data, Delivery("b.csv", "222", 5m, """{""team"": ""beta""}"""));
        var second = await TeamsAsync(data);
        var byOwner = await TeamsAsync(data, new Dictionary<string, string> { ["Insights__Cost__Allocation__TeamTagKeys__0"] = "owner" });

        Assert.Equal(new Dictionary<string, decimal> { ["alpha"] = 10m }, first);
        Assert.Equal(new Dictionary<string, decimal> { ["alpha"] = 10m, ["beta"] = 5m }, second);
        Assert.Equal(new Dictionary<string, decimal> { ["ops"] = 10m, ["unallocated"] = 5m }, byOwner);
    }
}
