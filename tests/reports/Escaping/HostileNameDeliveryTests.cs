using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using MimeKit;
using Platform.Insights.Reports.Delivery;
using Platform.Insights.Reports.Model;
using Prometheus;

namespace Platform.Insights.Reports.Tests.Escaping;

/// <summary>
/// Team, KPI and currency names with Slack mentions and links, mrkdwn markup, <c>&amp;</c>, <c>&lt;script&gt;</c>, line
/// breaks, bidi overrides and look-alike letters go out through the webhook sink (the JSON body it posts) and the e-mail
/// (the bytes MailKit would send): no mention, link, markup or header comes out of a name, and the JSON stays valid.
/// </summary>
public sealed class HostileNameDeliveryTests
{
    private const string HostileTeam = "<!channel> <@U123> <#C42|general> <http://evil.example|click> *bold* _it_ ~s~ `code` ```block``` & <script>alert(1)</script>\n> quoted\r\nBcc: attacker@evil.example\u202Egnp.exe pаyments";
    private static readonly ReportPeriod Week = ReportPeriod.Parse(ReportKind.Team, "2026-W47");

    private static Report TeamReport(string team, string kpi = "Availability", string currency = "USD") =>
        new(Report.IdOf(ReportKind.Team, Week, team), ReportKind.Team, $"Team {team} weekly report 2026-W47", Week, Week.Previous, team, Week.To,
            [new ScorecardRow("Availability", KpiUnit.Ratio, 0.9995, 0.999, 0.998, KpiStatus.OnTrack, null),
                new ScorecardRow(kpi, KpiUnit.Money, 12.5, 10, 9, KpiStatus.OffTrack, null, currency),
                new ScorecardRow("Adoption", KpiUnit.Ratio, null, 0.95, null, KpiStatus.Missing, "missing: " + team)],
            [], [], [], []);

    [Fact]
    public async Task A_hostile_team_name_in_the_slack_webhook_pings_no_one_links_nothing_formats_nothing_and_keeps_the_json_valid()
    {
        var handler = new RecordingHandler();
        var sink = new WebhookSink(new Clients(handler), Options.Create(new ReportsOptions
        {
            Webhook = new WebhookSinkOptions { Url = "http://hooks.example/T0/B0", MaxRetries = 0 },
            PublicUrl = "https://insights.example",
        }), new ReportMeters(Metrics.NewCustomRegistry()), TimeProvider.System);
        var report = TeamReport(HostileTeam, kpi: "Cost of <!here> *x*", currency: "<@U999>");

        await sink.DeliverAsync(new GeneratedReport(report, Path.GetTempPath(), [], null, TimeSpan.Zero), CancellationToken.None);

        var body = JsonNode.Parse(Assert.Single(handler.Bodies))!;
        var link = $"https://insights.example/api/v1/reports/{report.Id}/html";
        var text = body["text"]!.GetValue<string>();
        var header = body["blocks"]![0]!["text"]!;
        var scorecard = body["blocks"]![1]!["text"]!["text"]!.GetValue<string>();
        var footer = body["blocks"]![2]!["text"]!["text"]!.GetValue<string>();

        // The only <…> sequences Slack will parse are the two links the sink put there itself.
        Assert.Equal([$"<{link}>"], AngleTokens(text));
        Assert.Empty(AngleTokens(scorecard));
        Assert.Equal([$"<{link}|Open the full report>"], AngleTokens(footer));
        Assert.Contains("&lt;!channel&gt; &lt;@U123&gt; &lt;#C42|general&gt; &lt;http://evil.example|click&gt;", text, StringComparison.Ordinal);
        Assert.Contains("&amp; &lt;script&gt;alert(1)&lt;/script&gt;", text, StringComparison.Ordinal);
        Assert.Contains("&lt;!here&gt;", scorecard, StringComparison.Ordinal);
        Assert.Contains("&lt;@U999&gt;", scorecard, StringComparison.Ordinal);

        // No markup from a name: the sink's own *KPI* and _missing_ markers are the only * and _ in mrkdwn, no backtick at all.
        foreach (var mrkdwn in new[] { text, scorecard })
        {
            Assert.DoesNotContain('`', mrkdwn);
            Assert.DoesNotContain('~', mrkdwn);
            Assert.DoesNotContain("*bold*", mrkdwn, StringComparison.Ordinal);
        }
        Assert.DoesNotContain('*', text);
        Assert.DoesNotContain('_', text);
        Assert.Equal(3 * 2, scorecard.Count(c => c == '*'));
        Assert.Equal(2, scorecard.Count(c => c == '_'));
        Assert.Contains("＊bold＊ ＿it＿ ～s～ ｀code｀", text, StringComparison.Ordinal);

        // One line per KPI and none from a name: no quote, list or extra line can start, bidi shown, look-alike kept.
        Assert.DoesNotContain('\n', text);
        Assert.DoesNotContain('\r', text + scorecard);
        Assert.Equal(3, scorecard.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.All(scorecard.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => Assert.StartsWith("• *", l, StringComparison.Ordinal));
        Assert.DoesNotContain('\u202E', text + scorecard + header["text"]!.GetValue<string>());
        Assert.Contains("[U+202E]gnp.exe pаyments", text, StringComparison.Ordinal);

        // The header is plain_text (Slack parses nothing there), one line and within Slack's 150 characters.
        Assert.Equal("plain_text", header["type"]!.GetValue<string>());
        var title = header["text"]!.GetValue<string>();
        Assert.True(title.Length <= SlackText.HeaderMaxLength, $"header of {title.Length} characters");
        Assert.DoesNotContain('\n', title);
        Assert.StartsWith("Team <!channel>", title, StringComparison.Ordinal);
    }

    [Fact]
    public void Slack_escaping_is_exactly_slacks_three_entities_plus_markup_neutralised_and_a_long_header_is_cut_whole()
    {
        Assert.Equal("a &amp;lt; b &amp; c &lt;d&gt;", SlackText.Mrkdwn("a &lt; b & c <d>"));
        Assert.Equal("payments-eu", SlackText.Mrkdwn("payments-eu"));
        Assert.Equal("x y z", SlackText.Mrkdwn("x\ny\r\nz"));
        var emoji = new string('a', SlackText.HeaderMaxLength - 2) + "😀😀";
        var cut = SlackText.Plain(emoji);
        Assert.True(cut.Length <= SlackText.HeaderMaxLength);
        Assert.EndsWith("…", cut, StringComparison.Ordinal);
        Assert.False(char.IsHighSurrogate(cut[^2]), "cut inside a surrogate pair");
        Assert.Equal("https://x.example/a?b=1&amp;c=%3C%7C%3E", SlackText.LinkTarget("https://x.example/a?b=1&c=<|>"));
    }

    [Fact]
    public async Task A_team_name_with_a_line_break_cannot_add_an_e_mail_header_and_the_body_escapes_it()
    {
        var report = TeamReport(HostileTeam);
        using var message = ReportEmail.Of(new GeneratedReport(report, Path.GetTempPath(), [], null, TimeSpan.Zero),
            MailboxAddress.Parse("insights@example.com"), ["lead@example.com"], new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));

        using var wire = new MemoryStream();
        var smtpWire = FormatOptions.Default.Clone();
        smtpWire.NewLineFormat = NewLineFormat.Dos; // as SMTP sends it
        await message.WriteToAsync(smtpWire, wire);
        var raw = Encoding.UTF8.GetString(wire.ToArray());
        var headerBlock = raw[..raw.IndexOf("\r\n\r\n", StringComparison.Ordinal)];
        Assert.DoesNotContain(headerBlock.Split("\r\n"), l => l.StartsWith("Bcc:", StringComparison.OrdinalIgnoreCase));

        wire.Position = 0;
        using var parsed = await MimeMessage.LoadAsync(wire);
        Assert.Empty(parsed.Bcc);
        Assert.Equal(["lead@example.com"], parsed.To.Mailboxes.Select(m => m.Address));
        Assert.Single(parsed.Headers, h => h.Id == HeaderId.Subject);
        var subject = parsed.Subject ?? "";
        Assert.DoesNotContain('\n', subject);
        Assert.DoesNotContain('\u202E', subject);
        Assert.Contains("Bcc: attacker@evil.example[U+202E]gnp.exe pаyments", subject, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", parsed.HtmlBody ?? "", StringComparison.Ordinal);
        Assert.DoesNotContain((parsed.TextBody ?? "").Split('\n'), l => l.StartsWith("Bcc:", StringComparison.Ordinal) || l.StartsWith("> quoted", StringComparison.Ordinal));
    }

    private static List<string> AngleTokens(string mrkdwn) =>
        [.. System.Text.RegularExpressions.Regex.Matches(mrkdwn, "<[^>]*>").Select(m => m.Value)];

    private sealed class RecordingHandler : HttpMessageHandler
    {
        public List<string> Bodies { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Bodies.Add(await request.Content!.ReadAsStringAsync(cancellationToken));
            return new HttpResponseMessage(HttpStatusCode.OK);
        }
    }

    private sealed class Clients(HttpMessageHandler handler) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(handler, disposeHandler: false);
    }
}
