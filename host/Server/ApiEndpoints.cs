using System.Globalization;
using Platform.Insights.Analytics.Catalog;
using Platform.Insights.Analytics.Cost;
using Platform.Insights.Analytics.Query;
using Platform.Insights.Ingest.Grains;

namespace Platform.Insights.Host.Server;

/// <summary>The read API under <c>/api/v1/</c>: catalog, service and team state, cost KPIs, ingest status, read-only query.</summary>
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

        api.MapGet("/cost", async (HttpContext context, CostQuery cost, string? groupBy, string? from, string? to, CancellationToken cancellationToken) =>
        {
            if (!CostDimensions.TryParse(groupBy ?? "team", out var dimension))
            {
                return ApiErrors.Result(StatusCodes.Status400BadRequest, $"groupBy must be one of {string.Join(", ", CostDimensions.Names)}");
            }
            if (!TryTime(from, out var start) || !TryTime(to, out var end))
            {
                return ApiErrors.Result(StatusCodes.Status400BadRequest, "from and to must be UTC dates or times (yyyy-MM-dd or ISO 8601)");
            }
            // A team-limited token sees only the rows allocated to its team (shares are of what it sees).
            return Results.Ok(await cost.ByAsync(dimension, start, end, TokenOf(context).Team, cancellationToken));
        }).WithMetadata(new RequiredScope(ApiScopes.Read)).WithSummary("Spend (FOCUS BilledCost, EffectiveCost) per group and currency; ChargePeriodStart in [from, to).");

        api.MapGet("/cost/trend", async (HttpContext context, CostTrendQuery trend, string? every, string? groupBy, string? from, string? to, CancellationToken cancellationToken) =>
        {
            if (!Enum.TryParse<CostInterval>(every ?? "day", ignoreCase: true, out var interval) || !Enum.IsDefined(interval))
            {
                return ApiErrors.Result(StatusCodes.Status400BadRequest, "every must be day, week or month");
            }
            CostDimension? dimension = null;
            if (groupBy is not null)
            {
                if (!CostDimensions.TryParse(groupBy, out var d))
                {
                    return ApiErrors.Result(StatusCodes.Status400BadRequest, $"groupBy must be one of {string.Join(", ", CostDimensions.Names)}");
                }
                dimension = d;
            }
            if (!TryTime(from, out var start) || !TryTime(to, out var end))
            {
                return ApiErrors.Result(StatusCodes.Status400BadRequest, "from and to must be UTC dates or times (yyyy-MM-dd or ISO 8601)");
            }
            return Results.Ok(await trend.EveryAsync(interval, dimension, start, end, TokenOf(context).Team, cancellationToken));
        }).WithMetadata(new RequiredScope(ApiScopes.Read)).WithSummary("Spend per day, ISO week or month (every=), overall or by groupBy, per currency; billed and effective.");

        api.MapGet("/cost/anomalies", async (HttpContext context, CostAnomalyQuery anomalies, BillingDataEnd dataEnd, string? from, string? to, string? cost, CancellationToken cancellationToken) =>
        {
            if (!TryTime(from, out var start) || !TryTime(to, out var end) || !TryBasis(cost, out var basis))
            {
                return ApiErrors.Result(StatusCodes.Status400BadRequest, "from and to must be UTC dates (yyyy-MM-dd or ISO 8601); cost must be effective or billed");
            }
            var last = await dataEnd.LastCompleteDayAsync(cancellationToken);
            var until = end ?? (last is { } l ? l.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) : null);
            if ((start ?? until?.AddDays(-30)) is not { } first)
            {
                return Results.Ok(Array.Empty<CostAnomaly>());
            }
            return Results.Ok(await anomalies.DetectAsync(first, until, basis, TokenOf(context).Team, cancellationToken));
        }).WithMetadata(new RequiredScope(ApiScopes.Read)).WithSummary("Service-days far from their trailing baseline (median/MAD, weekday-aware), with severity and impact; default the last 30 days with data.");

        api.MapGet("/budgets", async (HttpContext context, BudgetQuery budgets, CancellationToken cancellationToken) =>
            Results.Ok(await budgets.AssessAsync(TokenOf(context).Team, cancellationToken)))
            .WithMetadata(new RequiredScope(ApiScopes.Read)).WithSummary("Configured monthly budgets vs month-to-date and forecast: status and projected overrun date.");

        api.MapGet("/cost/forecast", async (HttpContext context, CostForecastQuery forecast, string? groupBy, string? cost, CancellationToken cancellationToken) =>
        {
            CostDimension? dimension = null;
            if (groupBy is not null)
            {
                if (!CostDimensions.TryParse(groupBy, out var d))
                {
                    return ApiErrors.Result(StatusCodes.Status400BadRequest, $"groupBy must be one of {string.Join(", ", CostDimensions.Names)}");
                }
                dimension = d;
            }
            if (!TryBasis(cost, out var basis))
            {
                return ApiErrors.Result(StatusCodes.Status400BadRequest, "cost must be effective or billed");
            }
            return Results.Ok(await forecast.ForecastAsync(dimension, basis, TokenOf(context).Team, asOf: null, cancellationToken));
        }).WithMetadata(new RequiredScope(ApiScopes.Read)).WithSummary("Month-to-date spend and month-end forecast with a 90% band, as of the last complete day with data (asOf).");

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
            catch (Exception e) when (e is QueryRejectedException or DuckDB.NET.Data.DuckDBException)
            {
                return ApiErrors.Result(StatusCodes.Status400BadRequest, e.Message);
            }
        }).WithMetadata(new RequiredScope(ApiScopes.Read, AllowTeamTokens: false)).WithSummary("Read-only SQL over the store (docs/SCHEMA.md).");
    }

    private static bool TryTime(string? text, out DateTime? value)
    {
        value = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }
        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed))
        {
            value = parsed;
            return true;
        }
        return false;
    }

    private static bool TryBasis(string? text, out CostBasis basis)
    {
        basis = CostBasis.Effective;
        return text is null || (Enum.TryParse(text, ignoreCase: true, out basis) && Enum.IsDefined(basis));
    }

    private static ApiToken TokenOf(HttpContext context) => (ApiToken)context.Items[BearerTokenMiddleware.TokenItem]!;

    private static IEnumerable<Dictionary<string, object?>> Rows(QueryResult result) =>
        result.Rows.Select(row => result.Columns.Select((c, i) => (c, v: row[i])).ToDictionary(p => p.c, p => p.v));
}
