using System.Text.RegularExpressions;

namespace Platform.Insights.Dashboards.Checks;

/// <summary>
/// A syntactic check of a PromQL expression, short of a full parser (the real-Prometheus test proves the rest):
/// strings terminated, brackets balanced and matched, label matchers well formed inside <c>{}</c>, durations inside
/// <c>[]</c>, no trailing operator — and, once variables are substituted, no <c>$</c> left.
/// </summary>
public static partial class PromQlSyntax
{
    /// <summary>The problems found, empty when the expression passes; <paramref name="variablesAllowed"/> accepts
    /// Grafana's <c>$name</c> references (a template before substitution).</summary>
    public static IReadOnlyList<string> Problems(string expr, bool variablesAllowed)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(expr))
        {
            return ["empty expression"];
        }
        if (!variablesAllowed)
        {
            problems.AddRange(VariableReferences.Names(expr).Distinct().Select(name => $"unsubstituted variable '{name}'"));
        }
        var open = new Stack<(char Bracket, int At)>();
        for (var i = 0; i < expr.Length; i++)
        {
            var c = expr[i];
            switch (c)
            {
                case '"' or '\'' or '`':
                    var end = StringEnd(expr, i);
                    if (end < 0)
                    {
                        problems.Add($"unterminated string at {i}");
                        return problems;
                    }
                    i = end;
                    break;
                case '#':
                    var newline = expr.IndexOf('\n', i);
                    i = newline < 0 ? expr.Length : newline;
                    break;
                case '(' or '{' or '[':
                    open.Push((c, i));
                    break;
                case ')' or '}' or ']':
                    if (open.Count == 0)
                    {
                        problems.Add($"'{c}' at {i} closes nothing");
                        return problems;
                    }
                    var (bracket, at) = open.Pop();
                    if (Closer(bracket) != c)
                    {
                        problems.Add($"'{bracket}' at {at} closed by '{c}' at {i}");
                        return problems;
                    }
                    var inside = expr[(at + 1)..i];
                    if (bracket == '{' && !Matchers().IsMatch(inside))
                    {
                        problems.Add($"label matchers '{{{inside}}}' at {at} are not name op \"value\" pairs");
                    }
                    if (bracket == '[' && !RangeOrSubquery().IsMatch(inside))
                    {
                        problems.Add($"'[{inside}]' at {at} is not a duration or subquery range");
                    }
                    break;
            }
        }
        foreach (var (bracket, at) in open)
        {
            problems.Add($"'{bracket}' at {at} is never closed");
        }
        var trimmed = expr.TrimEnd();
        if (trimmed.Length > 0 && "+-*/%^<>=!,".Contains(trimmed[^1], StringComparison.Ordinal))
        {
            problems.Add("ends with an operator");
        }
        return problems;
    }

    private static char Closer(char open) => open switch { '(' => ')', '{' => '}', _ => ']' };

    private static int StringEnd(string expr, int start)
    {
        var quote = expr[start];
        for (var i = start + 1; i < expr.Length; i++)
        {
            if (expr[i] == '\\' && quote != '`')
            {
                i++;
            }
            else if (expr[i] == quote)
            {
                return i;
            }
        }
        return -1;
    }

    private const string Str = "(?:\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`)";
    private const string Matcher = @"\s*(?:[A-Za-z_][A-Za-z0-9_]*|" + Str + @")\s*(?:=~|!~|!=|=)\s*" + Str + @"\s*";
    private const string Duration = @"(?:(?:\d+(?:ms|s|m|h|d|w|y))+|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?)";

    [GeneratedRegex("^(?:" + Matcher + "(?:," + Matcher + ")*,?)?\\s*$")]
    private static partial Regex Matchers();

    [GeneratedRegex(@"^\s*" + Duration + @"\s*(?::\s*" + Duration + @"?\s*)?$")]
    private static partial Regex RangeOrSubquery();
}
