using Platform.Insights.Analytics.Productivity;
using Platform.Insights.Analytics.Uptime;
using Platform.Insights.Host.Cli;

namespace Platform.Insights.Host.Server;

/// <summary>
/// The delivery KPI API under <c>/api/v1/kpi/</c>: the DORA four keys (<c>insights dora --format json</c>'s shape) and the
/// platform KPIs (CI, cycle time, environment setup, adoption, error logs), per org / team / service over a window.
/// A team-limited token sees its own team's services only (its org row adds up only what it sees), as the uptime API.
/// </summary>
public static class DeliveryEndpoints
{
    public static void MapDeliveryEndpoints(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/kpi/dora", async (HttpContext context, DoraQuery dora, string? scope, string? name, string? bands, string? window, string? from, string? to, CancellationToken cancellationToken) =>
        {
            if (Invalid(scope, window, from, to, bands, out var query) is { } error)
            {
                return error;
            }
            var report = await dora.ComputeAsync(query.Scope, name, window ?? "30d", query.From, query.To, ApiEndpoints.TokenOf(context).Team, query.Benchmarks, cancellationToken);
            return Results.Ok(report.Rows.Select(r => UptimeCells.Json(DoraCells.Columns(OutputFormat.Json), DoraCells.Cells(r, OutputFormat.Json))));
        }).WithMetadata(new RequiredScope(ApiScopes.Read)).WithSummary("DORA four keys (DevLake's definitions) per org, team or service over a window, each with its band (bands=2023|2021) and count.");

        api.MapGet("/kpi/productivity", async (HttpContext context, DeliveryDataEnd dataEnd, IServiceProvider services, string? scope, string? name, string? window, string? from, string? to, CancellationToken cancellationToken) =>
        {
            if (Invalid(scope, window, from, to, null, out var query) is { } error)
            {
                return error;
            }
            var (span, _, _) = await dataEnd.WindowAsync(window ?? "30d", query.From, query.To, cancellationToken);
            var delivery = await DeliveryKpis.ForAsync(services, query.Scope, name, span, ApiEndpoints.TokenOf(context).Team, null, cancellationToken);
            return Results.Ok(delivery.Productivity.Select(r => UptimeCells.Json(ProductivityCells.Columns, ProductivityCells.Cells(r))));
        }).WithMetadata(new RequiredScope(ApiScopes.Read)).WithSummary("Platform KPIs per org, team or service: CI p50/p95, success rate and builds per day, cycle time and environment setup vs the baseline, self-service share, adoption, error logs.");
    }

    private static IResult? Invalid(string? scope, string? window, string? from, string? to, string? bands, out (UptimeScope Scope, DateTime? From, DateTime? To, DoraBenchmarks? Benchmarks) query)
    {
        query = default;
        if (!Enum.TryParse<UptimeScope>(scope ?? "org", ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
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
        if (bands is not null and not ("2023" or "2021"))
        {
            return ApiErrors.Result(StatusCodes.Status400BadRequest, "bands must be 2023 or 2021");
        }
        query = (parsed, start, end, DoraCommand.Benchmarks(bands));
        return null;
    }
}
