using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Platform.Insights.Ingest.Parsers.Billing;

namespace Platform.Insights.Ingest.Tests.Parsers.Billing;

public sealed class AwsCurCsvParserProperties
{
    private static readonly string[] LineItemTypes =
        ["Usage", "DiscountedUsage", "SavingsPlanCoveredUsage", "SavingsPlanNegation", "Tax", "Credit", "Refund", "Fee", "RIFee", "EdpDiscount"];

    [Property(MaxTest = 200)]
    public Property Billed_cost_sums_exactly_to_the_written_unblended_costs() =>
        Prop.ForAll(Arb.From(Gen.ListOf(Row())), rows =>
        {
            var csv = new StringBuilder(AwsCurCsvParserTests.LegacyHeader).Append('\n');
            foreach (var (type, cost) in rows)
            {
                csv.Append(AwsCurCsvParserTests.LegacyRow(type, cost.ToString(CultureInfo.InvariantCulture))).Append('\n');
            }

            var parsed = BillingCsvParser.Parse(new StringReader(csv.ToString()), "gen.csv").ToList();

            return parsed.Count == rows.Count
                && parsed.All(r => !r.IsError)
                && parsed.Sum(r => r.Value!.BilledCost) == rows.Sum(r => r.Cost);
        });

    // Costs as CUR writes them: up to 10 decimal places, either sign, from tiny to large.
    private static Gen<(string Type, decimal Cost)> Row() =>
        from type in Gen.Elements(LineItemTypes)
        from mantissa in ArbMap.Default.GeneratorFor<long>().Select(m => m % 100_000_000_000_000L)
        from scale in Gen.Choose(0, 10)
        select (type, new decimal((int)(uint)(Math.Abs(mantissa) & 0xFFFFFFFF), (int)(Math.Abs(mantissa) >> 32), 0, mantissa < 0, (byte)scale));
}
