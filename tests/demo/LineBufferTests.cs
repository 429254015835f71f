using System.Globalization;
using System.Text;
using FsCheck.Xunit;
using Platform.Insights.Demo.Writing;

namespace Platform.Insights.Demo.Tests;

public sealed class LineBufferTests
{
    [Property]
    public bool Fixed_point_rendering_is_within_half_a_unit_and_trimmed(int numerator, ushort denominator)
    {
        var value = numerator / (double)(denominator + 1) / 1000;
        var buffer = new LineBuffer();

        buffer.AppendFixed(value, 4);

        var text = Encoding.UTF8.GetString(buffer.Written.Span);
        var withinHalfAUnit = Math.Abs(double.Parse(text, CultureInfo.InvariantCulture) - value) <= 0.00005 + 1e-12;
        var trimmed = !text.Contains('.', StringComparison.Ordinal) || !text.EndsWith('0');
        return withinHalfAUnit && trimmed;
    }
}
