using System.Globalization;
using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Platform.Insights.Ingest.Parsers.Billing;

namespace Platform.Insights.Ingest.Tests.Parsers.Billing;

/// <summary>
/// Azure Cost Management CSV (the legacy EA column set) written the way the portal's export writes it — BOM, US dates
/// with or without leading zeros, tags as JSON without outer braces inside a quoted cell — from random rows: costs and
/// tags come back exactly, and a broken cell is an error naming its line and column while every other row is kept.
/// </summary>
public sealed class AzureCostCsvParserProperties
{
    private const string Header = "\uFEFFSubscriptionGuid,Date,MeterCategory,ResourceLocation,ChargeType,PricingModel,Cost,BillingCurrency,Tags,ReservationId,Quantity,PayGPrice";

    [Property(MaxTest = 150)]
    public Property Costs_days_and_tags_come_back_exactly_as_written() =>
        Prop.ForAll(Arb.From(Gen.ListOf(Row())), rows =>
        {
            var parsed = AzureCostCsvParser.Parse(new StringReader(Csv(rows.Select(r => r.Line))), "az.csv").ToList();

            Assert.Equal(rows.Count, parsed.Count);
            for (var i = 0; i < rows.Count; i++)
            {
                Assert.True(parsed[i].Error is null, parsed[i].Error?.ToString());
                var item = parsed[i].Value!;
                Assert.Equal(rows[i].Cost, item.BilledCost);
                Assert.Equal(rows[i].Day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), item.ChargePeriodStart);
                Assert.Equal(rows[i].Tags.Count == 0 ? null : rows[i].Tags, item.TagsJson is null ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(item.TagsJson));
            }
            Assert.Equal(rows.Sum(r => r.Cost), parsed.Sum(r => r.Value!.BilledCost));
        });

    [Property(MaxTest = 150)]
    public Property A_broken_cost_or_date_is_an_error_naming_line_and_column_and_the_other_rows_are_kept() =>
        Prop.ForAll(Arb.From(Gen.ListOf(Gen.OneOf(Row().Select(r => (r.Line, (string?)null, r.Cost)), Broken()))), rows =>
        {
            var parsed = AzureCostCsvParser.Parse(new StringReader(Csv(rows.Select(r => r.Line))), "az.csv").ToList();

            Assert.Equal(rows.Count, parsed.Count);
            for (var i = 0; i < rows.Count; i++)
            {
                if (rows[i].Item2 is { } column)
                {
                    // Line numbers count the header as line 1; no generated cell spans lines.
                    Assert.StartsWith($"az.csv:{i + 2}: {column} is not a ", parsed[i].Error?.ToString(), StringComparison.Ordinal);
                }
                else
                {
                    Assert.True(parsed[i].Error is null, parsed[i].Error?.ToString());
                }
            }
            Assert.Equal(rows.Where(r => r.Item2 is null).Sum(r => r.Cost), parsed.Where(r => r.Error is null).Sum(r => r.Value!.BilledCost));
        });

    private static string Csv(IEnumerable<string> lines) => new StringBuilder(Header).Append('\n').AppendJoin('\n', lines).Append('\n').ToString();

    private static Gen<(string Line, decimal Cost, DateOnly Day, Dictionary<string, string> Tags)> Row() =>
        from cost in Money()
        from day in Gen.Choose(0, 365 * 12).Select(d => new DateOnly(2018, 1, 1).AddDays(d))
        from padded in ArbMap.Default.GeneratorFor<bool>()
        from tags in Tags()
        let date = day.ToString(padded ? "MM/dd/yyyy" : "M/d/yyyy", CultureInfo.InvariantCulture)
        let line = $"sub-1,{date},Virtual Machines,eastus,Usage,OnDemand,{cost.ToString(CultureInfo.InvariantCulture)},USD,{TagsCell(tags)},,,"
        select (line, cost, day, tags);

    private static Gen<(string Line, string? Column, decimal Cost)> Broken() =>
        from column in Gen.Elements("Cost", "Date")
        from bad in column == "Cost" ? Gen.Elements("abc", "1.2.3", "--1", "12O", "0x1F", "1e", "∞") : Gen.Elements("2024-13-45", "13/40/2024", "yesterday", "02/30/2024", "0/1/2024")
        let line = column == "Cost" ? $"sub-1,01/15/2024,VM,eastus,Usage,OnDemand,{bad},USD,,,," : $"sub-1,{bad},VM,eastus,Usage,OnDemand,1.25,USD,,,,"
        select (line, (string?)column, 0m);

    // Costs as the exports write them: up to 10 decimal places, either sign.
    private static Gen<decimal> Money() =>
        from mantissa in Gen.Choose(-2_000_000_000, 2_000_000_000).Select(m => (long)m * 1_000 + m % 997)
        from scale in Gen.Choose(0, 10)
        select new decimal((int)(uint)(Math.Abs(mantissa) & 0xFFFFFFFF), (int)(Math.Abs(mantissa) >> 32), 0, mantissa < 0, (byte)scale);

    // Keys and values with what real tags carry and what hostile ones carry: quotes, commas, backslashes, markup,
    // shell metacharacters, non-ASCII and confusable letters. Keys are distinct and have no outer spaces (they are trimmed).
    private static Gen<Dictionary<string, string>> Tags()
    {
        var pieces = Gen.Elements("team", "env", "cost-center", "a\"b", "x,y", "back\\slash", "<script>", "$(rm -rf /)", "ünïcode", "раураl", "😀", " ", "1");
        var text = Gen.ListOf(pieces).Select(p => string.Concat(p));
        return Gen.ListOf(Gen.Zip(text.Select(t => t.Trim()).Where(t => t.Length > 0), text))
            .Select(pairs => pairs.GroupBy(p => p.Item1, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Item2, StringComparer.Ordinal));
    }

    // The export's form: "key": "value" pairs without the outer braces, the cell quoted for CSV.
    private static string TagsCell(Dictionary<string, string> tags) => tags.Count == 0
        ? ""
        : "\"" + string.Join(",", tags.Select(t => JsonSerializer.Serialize(t.Key) + ": " + JsonSerializer.Serialize(t.Value))).Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
