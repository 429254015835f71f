using Platform.Insights.Demo.Model;

namespace Platform.Insights.Demo.Billing;

/// <summary>
/// A Compute Savings Plan sized a little above the discounted cost of the covered (steady production)
/// compute, so every day has a small Unused remainder and used + unused equals the monthly purchase.
/// </summary>
internal sealed record SavingsPlan(string Id, string Name, decimal HourlyCommitment)
{
    public const decimal Discount = 0.28m;

    public static SavingsPlan? For(OrganisationModel model)
    {
        var covered = model.Resources.Where(r => r.Pricing == DemoPricingModel.Committed).ToList();
        if (covered.Count == 0)
        {
            return null;
        }
        var discountedHourly = covered.Sum(r =>
        {
            var price = PriceBook.For(r);
            return price.UnitPrice * price.UnitsPerHour * (1 - Discount);
        });
        var r = RandomStreams.For(model.Seed, "billing.savings-plan");
        var id = $"arn:aws:savingsplans::{FocusCsv.BillingAccountId}:savingsplan/{r.Hex(8)}-{r.Hex(4)}-4{r.Hex(3)}-a{r.Hex(3)}-{r.Hex(12)}";
        return new SavingsPlan(id, "Compute Savings Plan 1yr No Upfront", decimal.Round(discountedHourly / 0.96m, 4, MidpointRounding.AwayFromZero) + 0.0001m);
    }
}
