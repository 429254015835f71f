using Platform.Insights.Host.Cli;
using Platform.Insights.Reports;
using Platform.Insights.Reports.History;
using Platform.Insights.Reports.Model;
using Platform.Insights.Reports.Rendering;

namespace Platform.Insights.Host.Server;

/// <summary>
/// The report history under <c>/api/v1/reports</c>: the list (as <c>insights report list --format json</c>) and each
/// report's files. A team-limited token sees only its own team's reports: the weekly and monthly ones cover every team.
/// </summary>
public static class ReportEndpoints
{
    private static readonly Dictionary<string, (string File, string ContentType)> Files = new(StringComparer.OrdinalIgnoreCase)
    {
        ["html"] = ("report.html", "text/html; charset=utf-8"),
        ["pdf"] = ("report.pdf", "application/pdf"),
        ["md"] = ("report.md", "text/markdown; charset=utf-8"),
        ["json"] = ("report.json", "application/json"),
        ["csv"] = ("scorecard.csv", "text/csv; charset=utf-8"),
    };

    public static void MapReportEndpoints(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/reports", async (HttpContext context, IReportHistory history, CancellationToken cancellationToken) =>
        {
            var rows = await history.ListAsync(ApiEndpoints.TokenOf(context).Team, cancellationToken);
            return Results.Ok(rows.Select(r => ReportCommand.Columns.Zip(ReportCommand.Cells(r)).ToDictionary(p => p.First, p => p.Second)));
        }).WithMetadata(new RequiredScope(ApiScopes.Read)).WithSummary("The report history: every generated report, newest period first.");

        api.MapPost("/reports", async (HttpContext context, GenerateReportRequest request, ReportGenerator generator, IReportHistory history,
            Microsoft.Extensions.Options.IOptions<ReportsOptions> options, TimeProvider time, CancellationToken cancellationToken) =>
        {
            if (!Enum.TryParse<ReportKind>(request.Kind, ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
            {
                return ApiErrors.Result(StatusCodes.Status400BadRequest, "kind must be weekly, monthly or team");
            }
            if (kind == ReportKind.Team && string.IsNullOrWhiteSpace(request.Team))
            {
                return ApiErrors.Result(StatusCodes.Status400BadRequest, "a team report needs team");
            }
            ReportPeriod period;
            ReportFormats formats;
            try
            {
                (period, formats) = ReportCommand.Parse(kind, request.Period, request.Formats ?? options.Value.Formats, time);
            }
            catch (UsageException e)
            {
                return ApiErrors.Result(StatusCodes.Status400BadRequest, e.Message);
            }
            var generated = await generator.GenerateAsync(new Reports.Building.ReportRequest(kind, period, kind == ReportKind.Team ? request.Team : null),
                formats, null, "api", cancellationToken);
            var row = await history.FindAsync(generated.Report.Id, cancellationToken);
            Dictionary<string, object?> body = row is null ? [] : ReportCommand.Columns.Zip(ReportCommand.Cells(row)).ToDictionary(p => p.First, p => p.Second);
            body["replacedGeneratedAt"] = generated.Replaced?.GeneratedAt;
            return Results.Created($"/api/v1/reports/{generated.Report.Id}/json", body);
        }).WithMetadata(new RequiredScope(ApiScopes.Admin, AllowTeamTokens: false))
            .WithSummary("Generate a report now (body {\"kind\": \"weekly\", \"period\": \"2026-W47\", \"team\", \"formats\": \"html,pdf\"}); a report of the same kind, period and team is replaced.");

        api.MapGet("/reports/{id}/{format}", async (HttpContext context, string id, string format, string? table, IReportHistory history, ReportGenerator generator, CancellationToken cancellationToken) =>
        {
            var record = await history.FindAsync(id, cancellationToken);
            if (record is null)
            {
                return ApiErrors.Result(StatusCodes.Status404NotFound, $"no report '{id}' (GET /api/v1/reports lists them)");
            }
            if (ApiEndpoints.TokenOf(context).Team is { } limited && !string.Equals(record.Team, limited, StringComparison.Ordinal))
            {
                return ApiErrors.Result(StatusCodes.Status403Forbidden, $"this token sees only team '{limited}''s reports");
            }
            if (!Files.TryGetValue(format, out var file))
            {
                return ApiErrors.Result(StatusCodes.Status400BadRequest, $"format must be one of {string.Join(", ", Files.Keys)}");
            }
            var name = format.Equals("csv", StringComparison.OrdinalIgnoreCase) && table is not null ? Report.Slug(table) + ".csv" : file.File;
            var path = Path.Combine(generator.Resolve(record.Directory), name);
            if (!File.Exists(path))
            {
                return ApiErrors.Result(StatusCodes.Status404NotFound, $"report '{id}' was not generated as {format}{(table is null ? "" : $" with table '{table}'")} (formats: {string.Join(", ", record.Formats)})");
            }
            return Results.File(path, file.ContentType, enableRangeProcessing: false);
        }).WithMetadata(new RequiredScope(ApiScopes.Read)).WithSummary("One report's file: html, pdf, md, json, or csv (?table=ID for a table other than the scorecard).");
    }
}
