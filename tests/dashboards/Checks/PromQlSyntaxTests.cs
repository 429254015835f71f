using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Platform.Insights.Dashboards.Checks;

namespace Platform.Insights.Dashboards.Tests.Checks;

public sealed class PromQlSyntaxTests
{
    [Theory]
    [InlineData("up")]
    [InlineData("insights_availability_ratio{scope=\"org\",window=\"30d\"}")]
    [InlineData("sum by (kind) (rate(insights_ingest_received_total[5m]))")]
    [InlineData("histogram_quantile(0.99, sum by (le) (rate(x_bucket{a=~\"b|c\"}[$__rate_interval])))")]
    [InlineData("max_over_time(up[1h:5m])")]
    [InlineData("count((a > 14.4) and on (team, service) (b > 14.4)) or vector(0)")]
    [InlineData("x{a=\"}\",b!~\"[(\"}")]
    [InlineData("x{a=\"\\\"\",}")]
    public void Well_formed_expressions_pass(string expr) => Assert.Empty(PromQlSyntax.Problems(expr, variablesAllowed: true));

    [Theory]
    [InlineData("", "empty expression")]
    [InlineData("sum(up", "never closed")]
    [InlineData("sum(up))", "closes nothing")]
    [InlineData("sum(up]", "closed by")]
    [InlineData("up{a=\"b}", "unterminated string")]
    [InlineData("up{a=b}", "not name op \"value\" pairs")]
    [InlineData("up{a}", "not name op \"value\" pairs")]
    [InlineData("rate(up[five])", "not a duration")]
    [InlineData("up >", "ends with an operator")]
    public void Malformed_expressions_are_named(string expr, string problem) =>
        Assert.Contains(PromQlSyntax.Problems(expr, variablesAllowed: true), p => p.Contains(problem, StringComparison.Ordinal));

    [Fact]
    public void A_variable_left_after_substitution_is_reported() =>
        Assert.Contains(PromQlSyntax.Problems("up{team=\"$team\"}", variablesAllowed: false), p => p.StartsWith("unsubstituted variable", StringComparison.Ordinal));

    private static readonly Gen<string> Name = Gen.Elements("up", "insights_cost_daily", "a_b", "x");
    private static readonly Gen<string> Value = Gen.Elements("", "org", "a,b", "{}", "(", "x\\\"y", "5..");

    private static Gen<string> Expr(int depth) => depth == 0
        ? from name in Name
          from label in Gen.Elements("team", "service", "scope")
          from op in Gen.Elements("=", "!=", "=~", "!~")
          from value in Value
          from range in Gen.Elements("", "[5m]", "[1h:30s]", "[$__rate_interval]")
          select $"{name}{{{label}{op}\"{value}\"}}{range}"
        : Gen.OneOf(
            Expr(depth - 1),
            from inner in Expr(depth - 1) from f in Gen.Elements("sum", "rate", "max by (team)") select $"{f}({inner})",
            from l in Expr(depth - 1) from r in Expr(depth - 1) from op in Gen.Elements(" / ", " and on (team) ", " > ") select $"({l}){op}({r})");

    [Property(MaxTest = 300)]
    public Property Generated_expressions_pass_and_lose_that_when_a_closing_bracket_is_dropped() =>
        Prop.ForAll(Expr(3).ToArbitrary(), Gen.Choose(0, 1000).ToArbitrary(), (expr, pick) =>
        {
            var valid = PromQlSyntax.Problems(expr, variablesAllowed: true).Count == 0;
            var closers = Enumerable.Range(0, expr.Length).Where(i => expr[i] is ')' or ']' && !InsideString(expr, i)).ToList();
            var broken = closers.Count == 0 || PromQlSyntax.Problems(expr.Remove(closers[pick % closers.Count], 1), variablesAllowed: true).Count > 0;
            return valid && broken;
        });

    private static bool InsideString(string expr, int at)
    {
        var inside = false;
        for (var i = 0; i < at; i++)
        {
            if (inside && expr[i] == '\\')
            {
                i++;
            }
            else if (expr[i] == '"')
            {
                inside = !inside;
            }
        }
        return inside;
    }
}
