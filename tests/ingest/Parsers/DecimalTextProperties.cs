using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Platform.Insights.Ingest.Parsers;

namespace Platform.Insights.Ingest.Tests.Parsers;

public sealed class DecimalTextProperties
{
    [Property(MaxTest = 1000)]
    public Property Parses_like_decimal_Parse_including_scale() =>
        Prop.ForAll(Arb.From(Text()), text =>
        {
            var expectedOk = decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var expected);
            var ok = DecimalText.TryParse(text, out var actual);
            return ok == expectedOk && (!ok || (actual == expected && actual.Scale == expected.Scale));
        });

    [Theory]
    [InlineData("1.5E-05", "0.000015")]
    [InlineData("0.00000080000", "0.00000080000")]
    [InlineData("-3", "-3")]
    [InlineData("12345678901234567890.5", "12345678901234567890.5")]
    [InlineData(" 2.50 ", "2.50")]
    public void Known_forms_parse(string text, string expected)
    {
        Assert.True(DecimalText.TryParse(text, out var value));
        Assert.Equal(expected, value.ToString(CultureInfo.InvariantCulture));
    }

    private static Gen<string> Text() =>
        Gen.OneOf(
            ArbMap.Default.GeneratorFor<decimal>().Select(d => d.ToString(CultureInfo.InvariantCulture)),
            ArbMap.Default.GeneratorFor<double>().Select(d => d.ToString("R", CultureInfo.InvariantCulture)),
            Gen.ArrayOf(Gen.Elements("0123456789.-+eE ".ToCharArray())).Select(c => new string(c)));
}
