using System.Globalization;
using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Platform.Insights.Ingest.Parsers.Billing;
using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Tests.Parsers.Billing;

/// <summary>
/// GCP's BigQuery billing export, the same random rows written both ways a user gets them out of BigQuery — CSV with
/// dotted column names and JSON-array cells, and JSON lines with nested objects: both give the same FOCUS rows, billed
/// cost is cost plus credits to the last decimal, and labels (resource over project) come back exactly.
/// </summary>
public sealed class GcpBillingExportProperties
{
    private const string CsvHeader =
        "billing_account_id,service.id,service.description,sku.id,sku.description,usage_start_time,usage_end_time,project.id,project.name,project.labels,labels,location.region,location.zone,cost,currency,usage.amount,usage.unit,usage.amount_in_pricing_units,usage.pricing_unit,credits,invoice.month,cost_type,cost_at_list";

    [Property(MaxTest = 120)]
    public Property Csv_and_json_lines_of_the_same_rows_give_the_same_focus_rows_and_exact_billed_cost() =>
        Prop.ForAll(Arb.From(Gen.NonEmptyListOf(Row()).Select(r => r.Take(12).ToList())), rows =>
        {
            var csv = Parse(new StringBuilder(CsvHeader).Append('\n').AppendJoin('\n', rows.Select(CsvLine)).Append('\n').ToString(), "gcp.csv");
            var jsonl = Parse(string.Join('\n', rows.Select(JsonLine)) + "\n", "gcp.jsonl");

            Assert.Equal(rows.Count, csv.Count);
            Assert.Equal(rows.Count, jsonl.Count);
            for (var i = 0; i < rows.Count; i++)
            {
                var row = rows[i];
                foreach (var item in new[] { csv[i], jsonl[i] })
                {
                    Assert.Equal(row.Cost + row.Credits.Sum(), item.BilledCost);
                    Assert.Equal(row.Start.UtcDateTime, item.ChargePeriodStart);
                    Assert.Equal(row.Start.UtcDateTime.AddHours(1), item.ChargePeriodEnd);
                    Assert.Equal(new DateTime(row.Start.Year, row.Start.Month, 1, 0, 0, 0, DateTimeKind.Utc), item.BillingPeriodStart);
                    var expected = new Dictionary<string, string>(row.ProjectLabels, StringComparer.Ordinal);
                    foreach (var (key, value) in row.Labels)
                    {
                        expected[key] = value;
                    }
                    Assert.Equal(expected.Count == 0 ? null : expected, item.TagsJson is null ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(item.TagsJson));
                }
                Assert.Equal(
                    (csv[i].BilledCost, csv[i].EffectiveCost, csv[i].ListCost, csv[i].ChargeCategory, csv[i].ServiceName, csv[i].SubAccountId, csv[i].BillingCurrency, csv[i].RegionId, csv[i].ConsumedQuantity),
                    (jsonl[i].BilledCost, jsonl[i].EffectiveCost, jsonl[i].ListCost, jsonl[i].ChargeCategory, jsonl[i].ServiceName, jsonl[i].SubAccountId, jsonl[i].BillingCurrency, jsonl[i].RegionId, jsonl[i].ConsumedQuantity));
            }
        });

    private static List<FocusLineItem> Parse(string text, string name) =>
        [.. BillingCsvParser.Parse(new StringReader(text), name).Select(r => r.Value ?? throw new InvalidOperationException(r.Error!.ToString()))];

    private sealed record GcpRow(decimal Cost, decimal[] Credits, DateTimeOffset Start, string CostType, string Service, string Project,
        Dictionary<string, string> ProjectLabels, Dictionary<string, string> Labels, decimal Usage);

    private static Gen<GcpRow> Row() =>
        from cost in Money()
        from credits in Gen.ListOf(Money().Select(c => -Math.Abs(c))).Select(c => c.Take(3).ToArray())
        from hour in Gen.Choose(0, 24 * 365 * 3)
        from costType in Gen.Elements("regular", "tax")
        from service in Gen.Elements("Compute Engine", "Cloud Storage", "BigQuery", "Cloud SQL")
        from project in Gen.Elements("payments-prod", "analytics-dev", "shared-net")
        from projectLabels in Labels()
        from labels in Labels()
        from usage in Money().Select(Math.Abs)
        select new GcpRow(cost, credits, new DateTimeOffset(2023, 1, 1, 0, 0, 0, TimeSpan.Zero).AddHours(hour), costType, service, project, projectLabels, labels, usage);

    // Costs with up to 6 decimal places (BigQuery's NUMERIC export shows them so), either sign, up to a billion.
    private static Gen<decimal> Money() =>
        from units in Gen.Choose(-1_000_000_000, 1_000_000_000)
        from micros in Gen.Choose(0, 999_999)
        from scale in Gen.Choose(0, 6)
        select decimal.Round(units + Math.Sign(units == 0 ? 1 : units) * micros / 1_000_000m, scale);

    private static Gen<Dictionary<string, string>> Labels()
    {
        var pieces = Gen.Elements("team", "env", "cost-center", "a\"b", "x,y", "back\\slash", "<script>", "ünïcode", "раураl", "😀", "1");
        var text = Gen.ListOf(pieces).Select(p => string.Concat(p.Take(3)));
        return Gen.ListOf(Gen.Zip(text.Where(t => t.Length > 0), text))
            .Select(pairs => pairs.Take(4).GroupBy(p => p.Item1, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Item2, StringComparer.Ordinal));
    }

    private static object[] LabelArray(Dictionary<string, string> labels) => [.. labels.Select(l => new { key = l.Key, value = l.Value })];

    private static object[] CreditArray(decimal[] credits) =>
        [.. credits.Select((c, i) => new { name = "Credit " + i, amount = c, full_name = "Credit " + i, id = "C-" + i, type = "PROMOTION" })];

    private static string Time(DateTimeOffset t) => t.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static string Cell(string text) => "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string CsvLine(GcpRow r) => string.Join(',',
        "01A2B3-C4D5E6-F7A8B9", "6F81-5844-456A", Cell(r.Service), "2E27-4F75-95CD", Cell("A SKU, with a comma"), Time(r.Start), Time(r.Start.AddHours(1)),
        r.Project, Cell("Project " + r.Project), Cell(JsonSerializer.Serialize(LabelArray(r.ProjectLabels))), Cell(JsonSerializer.Serialize(LabelArray(r.Labels))),
        "europe-west1", "", r.Cost.ToString(CultureInfo.InvariantCulture), "EUR", r.Usage.ToString(CultureInfo.InvariantCulture), "seconds", "1", "hour",
        Cell(JsonSerializer.Serialize(CreditArray(r.Credits))), r.Start.ToString("yyyyMM", CultureInfo.InvariantCulture), r.CostType, r.Cost.ToString(CultureInfo.InvariantCulture));

    private static string JsonLine(GcpRow r) => JsonSerializer.Serialize(new
    {
        billing_account_id = "01A2B3-C4D5E6-F7A8B9",
        service = new { id = "6F81-5844-456A", description = r.Service },
        sku = new { id = "2E27-4F75-95CD", description = "A SKU, with a comma" },
        usage_start_time = Time(r.Start),
        usage_end_time = Time(r.Start.AddHours(1)),
        project = new { id = r.Project, name = "Project " + r.Project, labels = LabelArray(r.ProjectLabels) },
        labels = LabelArray(r.Labels),
        location = new { region = "europe-west1" },
        cost = r.Cost,
        currency = "EUR",
        usage = new { amount = r.Usage, unit = "seconds", amount_in_pricing_units = 1, pricing_unit = "hour" },
        credits = CreditArray(r.Credits),
        invoice = new { month = r.Start.ToString("yyyyMM", CultureInfo.InvariantCulture) },
        cost_type = r.CostType,
        cost_at_list = r.Cost,
    });
}
