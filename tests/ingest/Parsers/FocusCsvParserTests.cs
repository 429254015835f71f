using Platform.Insights.Ingest.Parsers;
using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Tests.Parsers;

public sealed class FocusCsvParserTests
{
    internal const string Header =
        "BilledCost,BillingCurrency,BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,EffectiveCost,ChargeCategory,ProviderName,ServiceName,BillingAccountId";

    internal const string Row = "1.25,USD,2024-09-01 00:00:00,2024-10-01 00:00:00,2024-09-18 22:00:00,2024-09-18 23:00:00,1.00,Usage,AWS,Amazon S3,123";

    [Fact]
    public void Minimal_row_maps_mandatory_columns()
    {
        var item = Single($"{Header}\n{Row}\n");

        Assert.Equal(1.25m, item.BilledCost);
        Assert.Equal(1.00m, item.EffectiveCost);
        Assert.Equal("USD", item.BillingCurrency);
        Assert.Equal(new DateTime(2024, 9, 18, 22, 0, 0, DateTimeKind.Utc), item.ChargePeriodStart);
        Assert.Equal(DateTimeKind.Utc, item.BillingPeriodEnd.Kind);
        Assert.Equal(("Usage", "AWS", "Amazon S3", "123"), (item.ChargeCategory, item.ProviderName, item.ServiceName, item.BillingAccountId));
        Assert.Equal(2, item.SourceLine);
        Assert.Null(item.Extra);
    }

    [Fact]
    public void Missing_mandatory_columns_throw_naming_file_columns_and_header()
    {
        var header = "BilledCost,BillingCurrency,BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,ServiceName,BillingAccountId";

        var ex = Assert.Throws<InputFormatException>(() => FocusCsvParser.Parse(new StringReader(header + "\n"), "bill.csv").ToList());

        Assert.Equal("bill.csv", ex.File);
        Assert.Equal(1, ex.Line);
        Assert.Contains("EffectiveCost, ProviderName", ex.Message, StringComparison.Ordinal);
        Assert.Contains(header, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_names_are_case_sensitive()
    {
        var ex = Assert.Throws<InputFormatException>(() => FocusCsvParser.Parse(new StringReader(Header.Replace("BilledCost", "billedcost", StringComparison.Ordinal)), "f.csv").ToList());

        Assert.Contains("column(s) BilledCost;", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_names_are_trimmed_and_a_leading_byte_order_mark_is_ignored()
    {
        var header = "\uFEFF BilledCost , " + Header["BilledCost,".Length..].Replace(",", " ,\t", StringComparison.Ordinal);

        Assert.Equal(1.25m, Single($"{header}\n{Row}").BilledCost);
    }

    [Fact]
    public void Empty_file_throws()
    {
        Assert.Throws<InputFormatException>(() => FocusCsvParser.Parse(new StringReader(""), "empty.csv").ToList());
    }

    [Fact]
    public void Duplicate_header_column_throws()
    {
        Assert.Throws<InputFormatException>(() => FocusCsvParser.Parse(new StringReader(Header + ",ServiceName\n"), "dup.csv").ToList());
    }

    [Fact]
    public void ServiceProviderName_stands_in_for_ProviderName()
    {
        var item = Single($"{Header.Replace("ProviderName", "ServiceProviderName", StringComparison.Ordinal)}\n{Row}");

        Assert.Equal("AWS", item.ProviderName);
        Assert.Null(item.Extra);
    }

    [Fact]
    public void ServiceProviderName_beside_ProviderName_is_kept_as_extra()
    {
        var item = Single($"{Header},ServiceProviderName\n{Row},Amazon");

        Assert.Equal("AWS", item.ProviderName);
        Assert.Equal("Amazon", item.Extra!["ServiceProviderName"]);
    }

    [Fact]
    public void Unknown_and_provider_columns_go_to_extra_without_nulls()
    {
        var item = Single($"{Header},Id,x_Discounts,InvoiceId,x_Empty\n{Row},11472,\"a,b\",INV-1,NULL");

        Assert.Equal(new Dictionary<string, string?> { ["Id"] = "11472", ["x_Discounts"] = "a,b", ["InvoiceId"] = "INV-1" }, item.Extra);
    }

    [Fact]
    public void Null_token_and_empty_string_are_null_but_other_spellings_are_text()
    {
        var item = Single($"{Header},ChargeClass,SubAccountId,SubAccountName,RegionId,RegionName\n{Row},NULL,\"NULL\",\"\",,null");

        Assert.Null(item.ChargeClass);
        Assert.Null(item.SubAccountId);
        Assert.Null(item.SubAccountName);
        Assert.Null(item.RegionId);
        Assert.Equal("null", item.RegionName);
    }

    [Fact]
    public void Decimals_accept_exponents_and_null_list_and_contracted_costs_are_zero()
    {
        var item = Single($"{Header},ListUnitPrice,PricingQuantity,ConsumedQuantity,ListCost,ContractedCost\n{Row},1.5E-05,\"2.000\",-3,NULL,");

        Assert.Equal(0.000015m, item.ListUnitPrice);
        Assert.Equal(2.000m, item.PricingQuantity);
        Assert.Equal(-3m, item.ConsumedQuantity);
        Assert.Equal(0m, item.ListCost);
        Assert.Equal(0m, item.ContractedCost);
        Assert.Null(item.ContractedUnitPrice);
    }

    [Theory]
    [InlineData("2024-09-18 22:00:00")]
    [InlineData("2024-09-18T22:00:00Z")]
    [InlineData("2024-09-18T22:00:00.000Z")]
    [InlineData("2024-09-19T00:00:00+02:00")]
    [InlineData("2024-09-18T17:00:00-05:00")]
    [InlineData("2024-09-18T22:00")]
    public void Timestamps_in_any_iso_form_become_utc(string written)
    {
        var item = Single($"{Header}\n{Row.Replace("2024-09-18 22:00:00", written, StringComparison.Ordinal)}");

        Assert.Equal(new DateTime(2024, 9, 18, 22, 0, 0, DateTimeKind.Utc), item.ChargePeriodStart);
        Assert.Equal(DateTimeKind.Utc, item.ChargePeriodStart.Kind);
    }

    [Fact]
    public void Date_only_timestamp_is_midnight_utc()
    {
        var item = Single($"{Header}\n{Row.Replace("2024-09-01 00:00:00", "2024-09-01", StringComparison.Ordinal)}");

        Assert.Equal(new DateTime(2024, 9, 1, 0, 0, 0, DateTimeKind.Utc), item.BillingPeriodStart);
    }

    [Fact]
    public void Tags_keys_are_trimmed_and_values_become_strings_in_compact_json()
    {
        var tags = "\"{\"\" org\"\": \"\"core\"\", \"\"env \"\": \"\"prod\"\", \"\"n\"\": 3, \"\"ok\"\": true, \"\"o\"\": {\"\"a\"\": 1}, \"\"none\"\": null, \"\"é\"\": \"\"ü\"\"}\"";

        var item = Single($"{Header},Tags\n{Row},{tags}");

        Assert.Equal("""{"org":"core","env":"prod","n":"3","ok":"true","o":"{\"a\": 1}","none":null,"é":"ü"}""", item.TagsJson);
    }

    [Fact]
    public void Null_tags_are_null()
    {
        Assert.Null(Single($"{Header},Tags\n{Row},NULL").TagsJson);
    }

    [Theory]
    [InlineData("BilledCost", "NULL", "BilledCost is null")]
    [InlineData("BilledCost", "1.2.3", "BilledCost is not a number: '1.2.3'")]
    [InlineData("EffectiveCost", "", "EffectiveCost is null")]
    [InlineData("BillingCurrency", "NULL", "BillingCurrency is null")]
    [InlineData("ChargePeriodStart", "18/09/2024", "ChargePeriodStart is not a timestamp: '18/09/2024'")]
    [InlineData("BillingPeriodEnd", "NULL", "BillingPeriodEnd is null")]
    [InlineData("ListCost", "free", "ListCost is not a number: 'free'")]
    [InlineData("ListUnitPrice", "n/a", "ListUnitPrice is not a number: 'n/a'")]
    [InlineData("Tags", "\"[1,2]\"", "Tags is not a JSON object")]
    [InlineData("Tags", "\"{\"\"a\"\":\"", "Tags is not valid JSON")]
    public void Bad_value_is_an_error_naming_the_column_and_parsing_continues(string column, string value, string messageStart)
    {
        var header = $"{Header},ListCost,ListUnitPrice,Tags";
        var good = $"{Row},0,0,NULL";
        var bad = column switch
        {
            "ListCost" => $"{Row},{value},0,NULL",
            "ListUnitPrice" => $"{Row},0,{value},NULL",
            "Tags" => $"{Row},0,0,{value}",
            _ => string.Join(',', good.Split(',').Select((f, i) => i == Header.Split(',').ToList().IndexOf(column) ? value : f)),
        };

        var records = FocusCsvParser.Parse(new StringReader($"{header}\n{good}\n{bad}\n{good}\n"), "b.csv").ToList();

        Assert.Equal(3, records.Count);
        Assert.Equal(("b.csv", 3L), (records[1].Error!.File, records[1].Error!.Line));
        Assert.StartsWith(messageStart, records[1].Error!.Message, StringComparison.Ordinal);
        Assert.Equal(4, records[2].Value!.SourceLine);
    }

    [Fact]
    public void Row_with_a_different_field_count_is_an_error()
    {
        var records = FocusCsvParser.Parse(new StringReader($"{Header}\n{Row},extra\n1,USD\n{Row}\n"), "n.csv").ToList();

        Assert.Equal(new ParseError("n.csv", 2, "row has 12 fields but the header has 11"), records[0].Error);
        Assert.Equal(new ParseError("n.csv", 3, "row has 2 fields but the header has 11"), records[1].Error);
        Assert.False(records[2].IsError);
    }

    [Fact]
    public void Quoted_fields_keep_commas_quotes_and_line_breaks_and_later_lines_stay_physical()
    {
        var csv = $"{Header},ChargeDescription\n{Row},\"multi\nline, \"\"quoted\"\"\r\ntext\"\n{Row},bad\"\"x\"y\n{Row},\"a\"b\n{Row},plain\n";

        var records = FocusCsvParser.Parse(new StringReader(csv), "q.csv").ToList();

        Assert.Equal("multi\nline, \"quoted\"\r\ntext", records[0].Value!.ChargeDescription);
        Assert.Equal(2, records[0].Value!.SourceLine);
        Assert.Equal("bad\"\"x\"y", records[1].Value!.ChargeDescription);
        Assert.Equal(5, records[1].Value!.SourceLine);
        Assert.Equal(new ParseError("q.csv", 6, "unexpected text after the closing quote of field 12"), records[2].Error);
        Assert.Equal(7, records[3].Value!.SourceLine);
    }

    [Fact]
    public void Unterminated_quote_is_an_error_at_the_line_the_record_starts()
    {
        var records = FocusCsvParser.Parse(new StringReader($"{Header}\n{Row}\n{Row[..^3]}\"123\nmore\n"), "u.csv").ToList();

        Assert.Equal(2, records.Count);
        Assert.Equal(new ParseError("u.csv", 3, "unterminated quoted field"), records[1].Error);
    }

    [Fact]
    public void Crlf_line_endings_and_blank_lines_are_accepted()
    {
        var records = FocusCsvParser.Parse(new StringReader($"{Header}\r\n{Row}\r\n\r\n{Row}\r\n"), "w.csv").ToList();

        Assert.Equal([2L, 4L], records.Select(r => r.Value!.SourceLine));
        Assert.Equal("123", records[1].Value!.BillingAccountId);
    }

    [Fact]
    public void Gzip_file_with_byte_order_mark_is_parsed_through_InputFile()
    {
        var path = TestFiles.WriteTemp(TestFiles.Gzip($"\uFEFF{Header}\n{Row}\n"), ".csv");
        try
        {
            using var reader = InputFile.OpenText(path);

            Assert.Equal(1.25m, Assert.Single(FocusCsvParser.Parse(reader, path)).Value!.BilledCost);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Records_longer_than_the_read_buffer_are_read_whole()
    {
        var description = string.Concat(Enumerable.Repeat("x,\"y\"\n", 40_000));
        var quoted = "\"" + description.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

        var records = FocusCsvParser.Parse(new StringReader($"{Header},ChargeDescription\n{Row},{quoted}\n{Row},z\n"), "big.csv").ToList();

        Assert.Equal(description, records[0].Value!.ChargeDescription);
        Assert.Equal(3 + 40_000, records[1].Value!.SourceLine);
    }

    private static FocusLineItem Single(string csv)
    {
        var record = Assert.Single(FocusCsvParser.Parse(new StringReader(csv), "test.csv"));
        Assert.Null(record.Error);
        return record.Value!;
    }
}
