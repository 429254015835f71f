using Platform.Insights.Analytics.Cost;
using Platform.Insights.Ingest.Records;
using static Platform.Insights.Analytics.Tests.Cost.CostKpiStore;

namespace Platform.Insights.Analytics.Tests.Cost;

public sealed class CommitmentQueryTests : IDisposable
{
    private readonly CostKpiStore _kpis = new();

    public void Dispose() => _kpis.Dispose();

    private static FocusLineItem Usage(decimal list, decimal effective, string pricing, string category, string? status = null) =>
        With(Daily(0, pricing == "Committed" ? 0m : effective, "a", "web", effective: effective), r =>
        {
            r.ListCost = list;
            r.PricingCategory = pricing;
            r.ServiceCategory = category;
            r.CommitmentDiscountId = status is null ? null : "sp-1";
            r.CommitmentDiscountStatus = status;
        });

    [Fact]
    public async Task Coverage_utilisation_and_spot_share_follow_the_focus_definitions()
    {
        await _kpis.AddAsync([
            Usage(100m, 72m, "Committed", "Compute", "Used"),      // covered: list 100
            Usage(50m, 50m, "Standard", "Compute"),                // eligible, not covered
            Usage(40m, 12m, "Dynamic", "Compute"),                 // spot: not eligible
            Usage(30m, 30m, "Standard", "Storage"),                // no commitment in Storage: not eligible
            Usage(0m, 8m, "Committed", "Compute", "Unused"),       // unused commitment
            With(Usage(60m, 60m, "Standard", "Compute"), r => r.ChargeCategory = "Purchase"), // not usage
        ]);

        var row = Assert.Single(await _kpis.Commitments.MeasureAsync(null, null, null, CancellationToken.None));

        Assert.Equal(("USD", 100m, 150m, 72m, 8m, 12m, 134m), (row.Currency, row.CoveredCost, row.EligibleCost, row.UsedCost, row.UnusedCost, row.SpotCost, row.ComputeCost));
        Assert.Equal(2.0 / 3.0, row.Coverage!.Value, 12);
        Assert.Equal(0.9, row.Utilisation!.Value, 12);
        Assert.Equal(12.0 / 134.0, row.SpotShare!.Value, 12);
    }

    [Fact]
    public async Task Ratios_are_unknown_not_zero_when_there_is_nothing_to_measure()
    {
        await _kpis.AddAsync([Usage(30m, 30m, "Standard", "Storage")]);

        var row = Assert.Single(await _kpis.Commitments.MeasureAsync(null, null, null, CancellationToken.None));

        Assert.Equal(((double?)null, (double?)null, (double?)null), (row.Coverage, row.Utilisation, row.SpotShare));
    }
}
