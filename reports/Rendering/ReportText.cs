using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Platform.Insights.Reports.Rendering;

/// <summary>
/// Service, team and tag names are whatever a catalog or a billing export says, so every renderer passes them through
/// here for its context. <see cref="Visible"/> shows invisible format characters (bidi overrides, zero-width joiners,
/// NUL) as <c>[U+202E]</c> so a name cannot reorder or hide the text around it ("Trojan Source"); confusable letters
/// (Cyrillic а for Latin a) stay as they are — they are different names and are shown as such.
/// </summary>
public static partial class ReportText
{
    /// <summary>Format (Cf) and control (Cc) characters, except tab and line breaks, as visible <c>[U+XXXX]</c>.</summary>
    public static string Visible(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Any(Hidden))
        {
            return text;
        }
        var sb = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (Hidden(c))
            {
                sb.Append("[U+").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture)).Append(']');
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }

    /// <summary>Inline Markdown: no line breaks (a name cannot start a heading or a list), HTML tags shown as text, bidi visible.</summary>
    public static string MarkdownInline(string text) =>
        Visible(text)
            .Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal)
            .Replace("\r", " ", StringComparison.Ordinal)
            .Replace("\n", " ", StringComparison.Ordinal);

    /// <summary>
    /// A CSV cell a spreadsheet will not run: text starting with <c>= + - @</c>, tab or CR gets a leading <c>'</c>
    /// (OWASP's CSV injection advice), unless it is a plain number such as <c>-12.5</c> or <c>+3%</c>.
    /// </summary>
    public static string CsvCell(string text)
    {
        var cell = Visible(text);
        if (cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !PlainNumber().IsMatch(cell))
        {
            cell = "'" + cell;
        }
        return cell;
    }

    private static bool Hidden(char c) =>
        c is not ('\t' or '\n' or '\r') && char.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.Control;

    [GeneratedRegex(@"^[+-]?[0-9][0-9.,]*(?:[eE][+-]?[0-9]+)?\s?(?:%|pp)?$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainNumber();
}
