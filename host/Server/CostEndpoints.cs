using Platform.Insights.Analytics.Cost;

namespace Platform.Insights.Host.Server;

/// <summary>
/// The cost API under <c>/api/v1/</c>: spend by dimension, trend, anomalies, budgets, forecast, commitments, unit cost
/// and allocation hygiene. A team-limited token sees its own team's allocated spend only.
/// </summary>
public static class CostEndpoints
{
    public static void MapCostEndpoints(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
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
            return Results.Ok(await cost.ByAsync(dimension, start, end, ApiEndpoints.TokenOf(context).Team, cancellationToken));
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
            return Results.Ok(await trend.EveryAsync(interval, dimension, start, end, ApiEndpoints.TokenOf(context).Team, cancellationToken));
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
            return Results.Ok(await anomalies.DetectAsync(first, until, basis, ApiEndpoints.TokenOf(context).Team, cancellationToken));
        }).WithMetadata(new RequiredScope(ApiScopes.Read)).WithSummary("Service-days far from their trailing baseline (median/MAD, weekday-aware), with severity and impact; default the last 30 days with data.");

        api.MapGet("/budgets", async (HttpContext context, BudgetQuery budgets, CancellationToken cancellationToken) =>
            Results.Ok(await budgets.AssessAsync(ApiEndpoints.TokenOf(context).Team, cancellationToken)))
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
            return Results.Ok(await forecast.ForecastAsync(dimension, basis, ApiEndpoints.TokenOf(context).Team, asOf: null, cancellationToken));
        }).WithMetadata(new RequiredScope(ApiScopes.Read)).WithSummary("Month-to-date spend and month-end forecast with a 90% band, as of the last complete day with data (asOf).");

        api.MapGet("/cost/commitments", async (HttpContext context, CommitmentQuery commitments, string? from, string? to, CancellationToken cancellationToken) =>
            TryTime(from, out var start) && TryTime(to, out var end)
                ? Results.Ok(await commitments.MeasureAsync(start, end, ApiEndpoints.TokenOf(context).Team, cancellationToken))
                : BadRange())
            .WithMetadata(new RequiredScope(ApiScopes.Read)).WithSummary("Commitment discount coverage and utilisation, and the spot share of compute, per currency.");

        api.MapGet("/cost/unit", async (HttpContext context, UnitCostQuery unitCost, string? from, string? to, CancellationToken cancellationToken) =>
            TryTime(from, out var start) && TryTime(to, out var end)
                ? Results.Ok(await unitCost.PerServiceAsync(start, end, ApiEndpoints.TokenOf(context).Team, cancellationToken))
                : BadRange())
            .WithMetadata(new RequiredScope(ApiScopes.Read)).WithSummary("Cost per 1,000 requests per service (null when the service has no request metrics).");

        api.MapGet("/cost/hygiene", async (HttpContext context, CostHygieneQuery hygiene, string? from, string? to, string? cost, CancellationToken cancellationToken) =>
            TryTime(from, out var start) && TryTime(to, out var end) && TryBasis(cost, out var basis)
                ? Results.Ok(await hygiene.PerAccountAsync(start, end, basis, ApiEndpoints.TokenOf(context).Team, cancellationToken))
                : ApiErrors.Result(StatusCodes.Status400BadRequest, "from and to must be UTC dates (yyyy-MM-dd or ISO 8601); cost must be effective or billed"))
            .WithMetadata(new RequiredScope(ApiScopes.Read)).WithSummary("Unallocated share and tag coverage per account.");
    }

    private static IResult BadRange() =>
        ApiErrors.Result(StatusCodes.Status400BadRequest, "from and to must be UTC dates or times (yyyy-MM-dd or ISO 8601)");

    /// <summary>A UTC date or ISO 8601 time, or absent: the same reading as the uptime endpoints and the CLI.</summary>
    private static bool TryTime(string? text, out DateTime? value) => Cli.UptimeCells.TryTime(text, out value);

    private static bool TryBasis(string? text, out CostBasis basis)
    {
        basis = CostBasis.Effective;
        return text is null || (Enum.TryParse(text, ignoreCase: true, out basis) && Enum.IsDefined(basis));
    }
}
