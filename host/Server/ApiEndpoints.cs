using Platform.Insights.Analytics.Catalog;
using Platform.Insights.Analytics.Query;
using Platform.Insights.Ingest.Grains;

namespace Platform.Insights.Host.Server;

/// <summary>The read API under <c>/api/v1/</c>: catalog, service and team state, cost KPIs (<see cref="CostEndpoints"/>), ingest status, read-only query.</summary>
public static class ApiEndpoints
{
    public static void MapInsightsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1");

        api.MapGet("/catalog/services", async (HttpContext context, CatalogStore catalog, string? team, CancellationToken cancellationToken) =>
        {
            var limited = TokenOf(context).Team;
            if (limited is not null && team is not null && !string.Equals(team, limited, StringComparison.Ordinal))
            {
                return ApiErrors.Result(StatusCodes.Status403Forbidden, $"this token sees only team '{limited}'");
            }
            var result = await catalog.ListAsync(limited ?? team, cancellationToken);
            return Results.Ok(Rows(result));
        }).WithMetadata(new RequiredScope(ApiScopes.Read)).WithSummary("Services of the catalog, with their team, system, lifecycle and SLO.");

        api.MapGet("/catalog/teams", async (HttpContext context, CatalogStore catalog, CancellationToken cancellationToken) =>
        {
            var result = await catalog.ListAsync(TokenOf(context).Team, cancellationToken);
            var teams = result.Rows.GroupBy(r => (string)r[0]!).Select(g => new { team = g.Key, title = g.First()[1], services = g.Count() });
            return Results.Ok(teams);
        }).WithMetadata(new RequiredScope(ApiScopes.Read)).WithSummary("Teams and how many services each owns.");

        api.MapGet("/services/{service}", async (HttpContext context, string service, CatalogStore catalog, IGrainFactory grains, CancellationToken cancellationToken) =>
        {
            if (TokenOf(context).Team is { } limited && await catalog.TeamOfAsync(service, cancellationToken) != limited)
            {
                return ApiErrors.Result(StatusCodes.Status403Forbidden, $"service '{service}' is not owned by team '{limited}'");
            }
            return Results.Ok(await grains.GetGrain<IServiceGrain>(service).GetStatusAsync(cancellationToken));
        }).WithMetadata(new RequiredScope(ApiScopes.Read)).WithSummary("A service's live state: up/down, open incident, last deployment, counters.");

        api.MapGet("/teams/{team}", async (HttpContext context, string team, IGrainFactory grains, CancellationToken cancellationToken) =>
        {
            if (TokenOf(context).Team is { } limited && limited != team)
            {
                return ApiErrors.Result(StatusCodes.Status403Forbidden, $"this token sees only team '{limited}'");
            }
            return Results.Ok(await grains.GetGrain<ITeamGrain>(team).GetStatusAsync(cancellationToken));
        }).WithMetadata(new RequiredScope(ApiScopes.Read)).WithSummary("A team's services and their latest state.");

        api.MapCostEndpoints();
        api.MapUptimeEndpoints();
        api.MapIdleEndpoints();
        api.MapDeliveryEndpoints();
        api.MapReportEndpoints();
        api.MapClusterEndpoints();
        api.MapCleanupEndpoints();

        api.MapGet("/ingest/status", async (ReadOnlyQuery query, CancellationToken cancellationToken) =>
        {
            var imports = await query.RunAsync("SELECT * FROM imports ORDER BY started_at DESC", 1_000, cancellationToken);
            var totals = await query.RunAsync(
                "SELECT 'metrics' AS kind, count(*) AS rows FROM metric_samples UNION ALL SELECT 'logs', count(*) FROM log_events UNION ALL SELECT 'billing', count(*) FROM focus_line_items",
                10, cancellationToken);
            return Results.Ok(new { stored = Rows(totals), imports = Rows(imports) });
        }).WithMetadata(new RequiredScope(ApiScopes.Read, AllowTeamTokens: false)).WithSummary("Rows stored per kind and the import ledger.");

        api.MapPost("/query", async (QueryRequest request, ReadOnlyQuery query, CancellationToken cancellationToken) =>
        {
            try
            {
                var result = await query.RunAsync(request.Sql, Math.Clamp(request.MaxRows ?? 10_000, 1, 1_000_000), cancellationToken);
                return Results.Ok(new QueryResponse(result.Columns, result.Rows, result.Truncated));
            }
            catch (QueryTimeoutException e)
            {
                // Not 503 or 408: clients and proxies retry those, and the same statement would only run out of time again.
                return ApiErrors.Result(StatusCodes.Status422UnprocessableEntity, e.Message);
            }
            catch (Exception e) when (e is QueryRejectedException or DuckDB.NET.Data.DuckDBException)
            {
                return ApiErrors.Result(StatusCodes.Status400BadRequest, e.Message);
            }
        }).WithMetadata(new RequiredScope(ApiScopes.Read, AllowTeamTokens: false))
            .WithSummary("Read-only SQL over the store (docs/SCHEMA.md); 422 when it runs past Insights:Query:StatementTimeout.");
    }

    internal static ApiToken TokenOf(HttpContext context) => (ApiToken)context.Items[BearerTokenMiddleware.TokenItem]!;

    private static IEnumerable<Dictionary<string, object?>> Rows(QueryResult result) =>
        result.Rows.Select(row => result.Columns.Select((c, i) => (c, v: row[i])).ToDictionary(p => p.c, p => p.v));
}
