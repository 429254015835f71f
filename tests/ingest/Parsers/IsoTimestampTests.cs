using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Platform.Insights.Ingest.Parsers;

namespace Platform.Insights.Ingest.Tests.Parsers;

public sealed class IsoTimestampTests
{
    [Theory]
    [InlineData("2024-09-18T22:00:00Z", "2024-09-18T22:00:00.0000000+00:00")]
    [InlineData("2024-09-18t22:00:00z", "2024-09-18T22:00:00.0000000+00:00")]
    [InlineData("2024-09-18 22:00:00", "2024-09-18T22:00:00.0000000+00:00")]
    [InlineData("2024-09-18T22:00:00.5+05:30", "2024-09-18T22:00:00.5000000+05:30")]
    [InlineData("2024-09-18T22:00:00,25-0800", "2024-09-18T22:00:00.2500000-08:00")]
    [InlineData("2024-09-18T22:00:00.123456789-03", "2024-09-18T22:00:00.1234567-03:00")]
    [InlineData("2024-09-18T22:00", "2024-09-18T22:00:00.0000000+00:00")]
    [InlineData("2024-09-18 22:00:00 +01:00", "2024-09-18T22:00:00.0000000+01:00")]
    [InlineData(" 2024-02-29 ", "2024-02-29T00:00:00.0000000+00:00")]
    public void Accepted_forms_parse_with_their_offset(string text, string expected)
    {
        Assert.True(IsoTimestamp.TryParse(text, out var value));
        Assert.Equal(expected, value.ToString("O", CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("")]
    [InlineData("2024-9-18")]
    [InlineData("2023-02-29")]
    [InlineData("2024-09-18T24:00:00Z")]
    [InlineData("2024-09-18T22:60:00Z")]
    [InlineData("2024-09-18T22:00:00.Z")]
    [InlineData("2024-09-18T22:00:00+15:00")]
    [InlineData("2024-09-18T22:00:00 UTC")]
    [InlineData("09/18/2024")]
    [InlineData("0001-01-01T00:00:00+01:00")]
    public void Malformed_or_out_of_range_text_is_rejected(string text)
    {
        Assert.False(IsoTimestamp.TryParse(text, out _));
    }

    [Property(MaxTest = 500)]
    public Property Round_trip_format_parses_back_to_the_same_instant_and_offset() =>
        Prop.ForAll(
            Arb.From(
                from ticks in Gen.Choose(0, int.MaxValue).Select(t => 630_000_000_000_000_000L + (t * 1_000_003L))
                from minutes in Gen.Choose(-14 * 60, 14 * 60)
                select new DateTimeOffset(ticks, TimeSpan.FromMinutes(minutes))),
            value => IsoTimestamp.TryParse(value.ToString("O", CultureInfo.InvariantCulture), out var parsed)
                && parsed == value && parsed.Offset == value.Offset);
}
