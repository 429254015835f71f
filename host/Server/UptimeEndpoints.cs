using Platform.Insights.Analytics.Query;
using Platform.Insights.Analytics.Uptime;
using Platform.Insights.Host.Cli;

namespace Platform.Insights.Host.Server;

/// <summary>
/// The uptime API under <c>/api/v1/</c>: KPIs per org / team / service and the incident list, in the shape of
/// <c>insights kpi --format json</c> and <c>insights incidents --format json</c>. A team-limited token sees its own
/// team's services only (its org row adds up only what it sees).
/// </summary>
public static class UptimeEndpoints
{
    /// <summary>Says whether an uptime answer is the last snapshot served while its recompute runs.</summary>
    public const string StaleHeader = "Insights-Stale";

    public static void MapUptimeEndpoints(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/kpi/uptime", async (HttpContext context, UptimeApiAnswers answers, TimeProvider time, string? scope, string? name, string? window, string? from, string? to, CancellationToken cancellationToken) =>
        {
            if (!Enum.TryParse<UptimeScope>(scope ?? "org", ignoreCase: true, out var uptimeScope) || !Enum.IsDefined(uptimeScope))
            {
                return ApiErrors.Result(StatusCodes.Status400BadRequest, "scope must be org, team or service");
            }
            if (!UptimeWindow.Names.Contains(window ?? "30d"))
            {
                return ApiErrors.Result(StatusCodes.Status400BadRequest, $"window must be one of {string.Join(", ", UptimeWindow.Names)}");
            }
            if (!UptimeCells.TryTime(from, out var start) || !UptimeCells.TryTime(to, out var end) || (start is { } s && end is { } e && e <= s))
            {
                return ApiErrors.Result(StatusCodes.Status400BadRequest, "from and to must be UTC dates or ISO 8601 times, from before to");
            }
            var answer = await answers.KpisAsync(uptimeScope, name, window ?? "30d", start, end, ApiEndpoints.TokenOf(context).Team, cancellationToken);
            Aged(context, answer, time);
            return Results.Ok(answer.Value.Rows.Select(r => UptimeCells.Json(UptimeCells.Columns, UptimeCells.Cells(r))));
        }).WithMetadata(new RequiredScope(ApiScopes.Read)).WithSummary("Uptime KPIs (availability, coverage, SLO budget, burn rates, alert, incidents, MTTR) per org, team or service over a window.");

        api.MapGet("/incidents", async (HttpContext context, UptimeApiAnswers answers, TimeProvider time, string? service, string? from, string? to, CancellationToken cancellationToken) =>
        {
            if (!UptimeCells.TryTime(from, out var start) || !UptimeCells.TryTime(to, out var end) || (start is { } s && end is { } e && e <= s))
            {
                return ApiErrors.Result(StatusCodes.Status400BadRequest, "from and to must be UTC dates or ISO 8601 times, from before to");
            }
            var answer = await answers.IncidentsAsync(start, end, service, ApiEndpoints.TokenOf(context).Team, cancellationToken);
            Aged(context, answer, time);
            return Results.Ok(answer.Value.Select(i => UptimeCells.Json(UptimeCells.IncidentColumns, UptimeCells.Cells(i))));
        }).WithMetadata(new RequiredScope(ApiScopes.Read)).WithSummary("Incidents (probe outages and incident events) that started in [from, to); default the last 30 days.");

        api.MapGet("/utilisation", async (HttpContext context, UtilisationQuery utilisation, SliDataEnd dataEnd, string? from, string? to, string? every, CancellationToken cancellationToken) =>
        {
            var bucket = UtilisationBucket.Day;
            if (!UptimeCells.TryTime(from, out var start) || !UptimeCells.TryTime(to, out var end) || (start is { } s && end is { } e && e <= s)
                || (every is not null && !(Enum.TryParse(every, ignoreCase: true, out bucket) && Enum.IsDefined(bucket))))
            {
                return ApiErrors.Result(StatusCodes.Status400BadRequest, "from and to must be UTC dates or ISO 8601 times, from before to; every must be hour or day");
            }
            var asOf = end ?? (await dataEnd.AsOfAsync(cancellationToken)).AsOf;
            return Results.Ok(await utilisation.RollupAsync(start ?? asOf.AddDays(-7), asOf, bucket, ApiEndpoints.TokenOf(context).Team, cancellationToken));
        }).WithMetadata(new RequiredScope(ApiScopes.Read)).WithSummary("Utilisation per resource and metric: hourly or daily avg, p95, max and coverage; default the last 7 days.");
    }

    /// <summary>
    /// HTTP <c>Age</c>: seconds since the answer's computation started (the store it read is as of then); <c>Insights-Stale</c>:
    /// <c>true</c> when it is the last snapshot while a newer computation has not finished (samples stored since may be missing).
    /// </summary>
    private static void Aged<T>(HttpContext context, AnswerSnapshot<T> answer, TimeProvider time)
    {
        context.Response.Headers.Age = answer.AgeSeconds(time.GetUtcNow()).ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.Headers[StaleHeader] = answer.Stale ? "true" : "false";
    }
}
