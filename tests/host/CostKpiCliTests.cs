using System.Text.Json;
using Platform.Insights.Demo;
using Platform.Insights.Host.Tests.Support;

namespace Platform.Insights.Host.Tests;

/// <summary>
/// <c>insights anomalies</c>, <c>budget</c>, <c>forecast</c> and <c>cost --every/--compare</c> over a demo organisation
/// with enough history (40 days) to judge days: its billing export is imported as a user would, and the anomaly the
/// generator plants must be found, and nothing on any other day.
/// </summary>
public sealed class CostKpiCliTests : IDisposable
{
    private static readonly DemoOrganisationOptions Options = new() { Teams = 2, Services = 6, Days = 40, Seed = 11, EndDate = new DateOnly(2026, 3, 1) };

    private readonly TempDir _work = new("cost-kpis");

    public void Dispose() => _work.Dispose();

    private async Task<(DemoManifest Manifest, string Data)> ImportAsync()
    {
        var input = _work.Sub("in");
        var manifest = await DemoGenerator.WriteAsync(Options, input);
        var data = _work.Sub("data");
        var import = await InsightsExe.RunAsync(_work.Path, ["import", "billing", Path.Combine(input, "billing"), "--data", data]);
        Assert.True(import.ExitCode == 0, import.ToString());
        return (manifest, data);
    }

    private async Task<List<JsonElement>> JsonAsync(string data, string[] args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var result = await InsightsExe.RunAsync(_work.Path, [.. args, "--data", data, "--format", "json"], environment);
        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        return [.. json.RootElement.EnumerateArray().Select(e => e.Clone())];
    }

    [Fact]
    public async Task The_planted_cost_anomaly_is_found_and_budgets_forecast_and_trends_answer()
    {
        var (manifest, data) = await ImportAsync();
        var planted = manifest.CostAnomaly!;
        var team = manifest.Teams[0].Name;

        var anomalies = await JsonAsync(data, ["anomalies", "--from", Options.StartDate.AddDays(7).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)]);
        var budgets = await JsonAsync(data, ["budget"], new Dictionary<string, string>
        {
            ["Insights__Cost__Budgets__0__Team"] = team,
            ["Insights__Cost__Budgets__0__Amount"] = "0.01",
            ["Insights__Cost__Budgets__0__Currency"] = "USD",
        });
        var forecast = await JsonAsync(data, ["forecast", "--by", "team"]);
        var weeks = await JsonAsync(data, ["cost", "--every", "week", "--by", "provider"]);
        var change = await JsonAsync(data, ["cost", "--compare", "previous", "--from", "2026-02-15", "--to", "2026-03-01"]);

        Assert.NotEmpty(anomalies);
        Assert.Equal(planted.Service, anomalies[0].GetProperty("service").GetString());
        Assert.True(anomalies[0].GetProperty("impact").GetDecimal() > 0);
        Assert.All(anomalies, a =>
        {
            var day = DateOnly.Parse(a.GetProperty("day").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(day, planted.Start, planted.End.AddDays(-1));
        });
        var budget = Assert.Single(budgets);
        Assert.Equal((team, "over", "2026-02-28"), (budget.GetProperty("name").GetString(), budget.GetProperty("status").GetString(), budget.GetProperty("asOf").GetString()));
        Assert.Contains(forecast, f => f.GetProperty("group").GetString() == team && f.GetProperty("remainingDays").GetInt32() == 0);
        Assert.All(weeks, w => Assert.Equal(DayOfWeek.Monday, DateOnly.Parse(w.GetProperty("period").GetString()!, System.Globalization.CultureInfo.InvariantCulture).DayOfWeek));
        Assert.Equal(manifest.Billing.BilledCost, weeks.Sum(w => w.GetProperty("billedCost").GetDecimal()));
        Assert.Equal("(all)", change[0].GetProperty("team").GetString());
        Assert.All(change, c => Assert.True(c.TryGetProperty("changeVsPrevious", out _)));
    }

    [Fact]
    public async Task Commitments_unit_cost_and_hygiene_report_the_imported_billing()
    {
        var (manifest, data) = await ImportAsync();

        var commitments = await JsonAsync(data, ["commitments"]);
        var unitCost = await JsonAsync(data, ["unit-cost"]);
        var hygiene = await JsonAsync(data, ["hygiene", "--cost", "billed"]);

        var usd = Assert.Single(commitments);
        Assert.Equal("USD", usd.GetProperty("currency").GetString());
        Assert.InRange(usd.GetProperty("coverage").GetDouble(), 0.0, 1.0);
        Assert.True(usd.GetProperty("coveredCost").GetDecimal() > 0, "the demo has commitment-covered usage");
        Assert.True(usd.GetProperty("spotCost").GetDecimal() > 0, "the demo has spot usage");
        // Only billing was imported: no request metrics, so unit cost is unknown (null), never 0.
        Assert.NotEmpty(unitCost);
        Assert.All(unitCost, u => Assert.Equal(JsonValueKind.Null, u.GetProperty("billedPer1000Requests").ValueKind));
        Assert.Equal(manifest.Billing.BilledCost, hygiene.Sum(h => h.GetProperty("cost").GetDecimal()));
        Assert.Contains(hygiene, h => h.GetProperty("unallocatedShare").GetDouble() > 0);
        Assert.All(hygiene, h => Assert.InRange(h.GetProperty("tagCoverage").GetDouble(), 0.0, 1.0));
    }

    [Fact]
    public async Task Compare_with_baseline_without_one_configured_exits_2_naming_the_key()
    {
        var result = await InsightsExe.RunAsync(_work.Path, ["cost", "--compare", "baseline", "--data", _work.Sub("empty")]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("Insights:Cost:Baseline:From", result.Stderr, StringComparison.Ordinal);
    }
}
