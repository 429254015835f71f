using System.Text;
using Platform.Insights.Reports.Rendering;

namespace Platform.Insights.Reports.Delivery;

/// <summary>
/// Names from a catalog or a billing export on their way into a Slack message. Slack parses <c>&lt;…&gt;</c> as mentions
/// (<c>&lt;!channel&gt;</c>, <c>&lt;@U123&gt;</c>) and links (<c>&lt;http://x|label&gt;</c>) and asks for exactly
/// <c>&amp;</c> → <c>&amp;amp;</c>, <c>&lt;</c> → <c>&amp;lt;</c>, <c>&gt;</c> → <c>&amp;gt;</c>
/// (api.slack.com/reference/surfaces/formatting#escaping). mrkdwn has no escape for <c>* _ ~ `</c>, so those become
/// their full-width look-alikes (what jsx-slack's Escape does): a name shows as itself, never as bold, code or
/// strike-through. Line breaks become spaces (no quote or list can start), invisible format characters are shown as
/// <c>[U+202E]</c> (<see cref="ReportText.Visible"/>).
/// </summary>
public static class SlackText
{
    /// <summary>Slack's limit on a header block's text; a longer one makes Slack refuse the whole message (400).</summary>
    public const int HeaderMaxLength = 150;

    /// <summary>Text for a <c>mrkdwn</c> field or the message's <c>text</c>: no mention, link or markup can come from it.</summary>
    public static string Mrkdwn(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length + 16);
        foreach (var c in OneLine(text))
        {
            sb.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '*' => "\uFF0A",
                '_' => "\uFF3F",
                '~' => "\uFF5E",
                '`' => "\uFF40",
                _ => c.ToString(),
            });
        }
        return sb.ToString();
    }

    /// <summary>
    /// Text for a <c>plain_text</c> object (Slack parses no markup or mention there): one line, visible format characters,
    /// at most <paramref name="maxLength"/> characters (cut with an ellipsis, never inside a surrogate pair).
    /// </summary>
    public static string Plain(string text, int maxLength = HeaderMaxLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        var line = OneLine(text);
        if (line.Length <= maxLength)
        {
            return line;
        }
        var cut = maxLength - 1;
        if (char.IsHighSurrogate(line[cut - 1]))
        {
            cut--;
        }
        return line[..cut] + "…";
    }

    /// <summary>A URL inside <c>&lt;url|label&gt;</c>: only <c>&amp; &lt; &gt;</c> and <c>|</c> (which would end the URL) are encoded.</summary>
    public static string LinkTarget(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "%3C", StringComparison.Ordinal)
            .Replace(">", "%3E", StringComparison.Ordinal).Replace("|", "%7C", StringComparison.Ordinal);
    }

    private static string OneLine(string text) =>
        ReportText.Visible(text).Replace("\r\n", " ", StringComparison.Ordinal).Replace('\r', ' ').Replace('\n', ' ').Replace('\t', ' ');
}
