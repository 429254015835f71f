using System.Text;
using System.Text.Json.Nodes;
using Platform.Insights.Reports.Model;

namespace Platform.Insights.Reports.Delivery;

/// <summary>
/// The webhook body: Slack's incoming-webhook JSON (<c>text</c> as the fallback and notification, <c>blocks</c> with the
/// scorecard in mrkdwn); Microsoft Teams workflows and most chat tools read <c>text</c> as well. Every name and figure
/// goes through <see cref="SlackText"/>, so a team called <c>&lt;!channel&gt;</c> pings no one.
/// </summary>
public static class WebhookMessage
{
    public static JsonObject Of(Report report, string link)
    {
        ArgumentNullException.ThrowIfNull(report);
        var scorecard = new StringBuilder();
        foreach (var row in report.Scorecard)
        {
            var value = row.Value is null ? "_" + SlackText.Mrkdwn(row.Missing ?? "missing") + "_" : SlackText.Mrkdwn(ReportFormat.Value(row.Unit, row.Value, row.Currency));
            var target = row.Target is null ? "" : $" (target {SlackText.Mrkdwn(ReportFormat.Value(row.Unit, row.Target, row.Currency))})";
            scorecard.Append(CultureInfo($"• *{SlackText.Mrkdwn(row.Kpi)}*: {value}{target} — {ReportFormat.Status(row.Status)}\n"));
        }
        var text = $"{SlackText.Mrkdwn(report.Title)}: {report.Scorecard.Count(r => r.Status == KpiStatus.OnTrack)} on track, {report.Scorecard.Count(r => r.Status == KpiStatus.AtRisk)} at risk, {report.Scorecard.Count(r => r.Status == KpiStatus.OffTrack)} off track. <{SlackText.LinkTarget(link)}>";
        return new JsonObject
        {
            ["text"] = text,
            ["blocks"] = new JsonArray(
                new JsonObject { ["type"] = "header", ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = SlackText.Plain(report.Title) } },
                new JsonObject { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = scorecard.ToString() } },
                new JsonObject { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = $"<{SlackText.LinkTarget(link)}|Open the full report>" } }),
        };
    }

    private static string CultureInfo(FormattableString text) => FormattableString.Invariant(text);
}
