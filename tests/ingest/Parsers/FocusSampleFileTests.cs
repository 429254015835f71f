using System.Text.Json;
using Platform.Insights.Ingest.Parsers;
using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Tests.Parsers;

/// <summary>Facts about the published FOCUS 1.0 sample (shared/data/billing/focus_1.0_sample_1000.csv, see its README).</summary>
public sealed class FocusSampleFileTests
{
    private static readonly Lazy<List<ParsedRecord<FocusLineItem>>> Records = new(() =>
    {
        var path = TestFiles.SharedData("billing/focus_1.0_sample_1000.csv");
        using var reader = InputFile.OpenText(path);
        return FocusCsvParser.Parse(reader, path).ToList();
    });

    private static IEnumerable<FocusLineItem> Items => Records.Value.Select(r => r.Value!);

    [Fact]
    public void Sample_has_1000_rows_and_no_errors()
    {
        Assert.Equal(1000, Records.Value.Count);
        Assert.DoesNotContain(Records.Value, r => r.IsError);
        Assert.Equal(2, Records.Value[0].Line);
        Assert.Equal(1001, Records.Value[^1].Line);
    }

    [Fact]
    public void Costs_add_up_to_the_independently_computed_totals()
    {
        // Computed once with Python's csv module and decimal.Decimal over the same file:
        // sum(Decimal(r['BilledCost'])) and sum(Decimal(r['EffectiveCost'])).
        Assert.Equal(20.52022672899m, Items.Sum(i => i.BilledCost));
        Assert.Equal(14.97651418586m, Items.Sum(i => i.EffectiveCost));
    }

    [Fact]
    public void Providers_are_aws_microsoft_and_oracle_as_documented()
    {
        var byProvider = Items.GroupBy(i => i.ProviderName!).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(new Dictionary<string, int> { ["AWS"] = 942, ["Microsoft"] = 51, ["Oracle"] = 7 }, byProvider);
    }

    [Fact]
    public void Tags_of_711_rows_are_json_objects_with_trimmed_keys()
    {
        var tagged = Items.Where(i => i.TagsJson is not null).ToList();

        Assert.Equal(711, tagged.Count);
        var keys = tagged.SelectMany(i => JsonDocument.Parse(i.TagsJson!).RootElement.EnumerateObject().Select(p => p.Name)).ToHashSet();
        Assert.Contains("org", keys);
        Assert.DoesNotContain(keys, k => k != k.Trim());
        Assert.Equal("""{"application":"BrightLensMatrix","environment":"dev","business_unit":"ViennaAI"}""", Records.Value[1].Value!.TagsJson);
    }

    [Fact]
    public void The_non_focus_Id_column_lands_in_extra_on_every_row()
    {
        Assert.All(Items, i => Assert.True(long.TryParse(i.Extra!["Id"], out _)));
        Assert.Equal("19384", Records.Value[1].Value!.Extra!["Id"]);
    }

    [Fact]
    public void Null_tokens_and_oracle_empty_strings_are_null()
    {
        Assert.All(Items, i => Assert.Null(i.ChargeClass));
        Assert.Equal(7, Items.Count(i => i.BillingAccountName is null));
        Assert.Equal(1, Items.Count(i => i.ConsumedQuantity is null));
        Assert.Equal(7, Items.Count(i => i.ContractedUnitPrice is null));
    }

    [Fact]
    public void First_row_values_match_the_file()
    {
        var first = Records.Value[0].Value!;

        Assert.Equal(0.00000080000m, first.BilledCost);
        Assert.Equal(0.0000004m, first.ListUnitPrice);
        Assert.Equal(new DateTime(2024, 9, 18, 22, 0, 0, DateTimeKind.Utc), first.ChargePeriodStart);
        Assert.Equal(new DateTime(2024, 10, 1, 0, 0, 0, DateTimeKind.Utc), first.BillingPeriodEnd);
        Assert.Equal("Amazon Simple Queue Service", first.ServiceName);
        Assert.Null(first.AvailabilityZone);
        Assert.All(Items, i => Assert.Equal("USD", i.BillingCurrency));
    }
}
