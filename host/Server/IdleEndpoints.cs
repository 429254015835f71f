using System.Globalization;
using Microsoft.Extensions.Primitives;
using Platform.Insights.Analytics.Idle;

namespace Platform.Insights.Host.Server;

/// <summary>
/// The idle-resource API the cleanup jobs read (read scope): <c>GET /api/v1/idle-resources</c> — findings filtered by
/// team, type, state and minimum monthly savings, paged with <c>limit</c> + <c>cursor</c>, with an ETag (a matching
/// <c>If-None-Match</c> answers 304) — and <c>GET /api/v1/idle-resources/{id}</c> with the full evidence. Both are
/// served from the latest persisted detection run (<see cref="IdleDetector.CurrentFindingsAsync"/>), never recomputed
/// per request in the server; the body says when that run read the store. A team-limited token sees only its team's findings.
/// </summary>
public static class IdleEndpoints
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static void MapIdleEndpoints(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/idle-resources", async (HttpContext context, IdleDetector detector, string? team, string? type, string? state, string? environment,
            string? minMonthlySavings, string? limit, string? cursor, CancellationToken cancellationToken) =>
        {
            var limited = ApiEndpoints.TokenOf(context).Team;
            if (limited is not null && team is not null && !string.Equals(team, limited, StringComparison.Ordinal))
            {
                return ApiErrors.Result(StatusCodes.Status403Forbidden, $"this token sees only team '{limited}'");
            }
            if (type is not null && !IdleResourceTypes.All.Contains(type))
            {
                return ApiErrors.Result(StatusCodes.Status400BadRequest, $"type must be one of {string.Join(", ", IdleResourceTypes.All)}");
            }
            IdleState? wanted = null;
            if (state is not null)
            {
                if (!Enum.TryParse<IdleState>(state, ignoreCase: true, out var s) || !Enum.IsDefined(s) || int.TryParse(state, out _))
                {
                    return ApiErrors.Result(StatusCodes.Status400BadRequest, $"state must be one of {string.Join(", ", Enum.GetNames<IdleState>().Select(n => n.ToLowerInvariant()))}");
                }
                wanted = s;
            }
            decimal? minimum = null;
            if (minMonthlySavings is not null)
            {
                if (!decimal.TryParse(minMonthlySavings, NumberStyles.Number, CultureInfo.InvariantCulture, out var m) || m < 0)
                {
                    return ApiErrors.Result(StatusCodes.Status400BadRequest, "minMonthlySavings must be a non-negative number (e.g. 25.50)");
                }
                minimum = m;
            }
            var size = DefaultLimit;
            if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > MaxLimit))
            {
                return ApiErrors.Result(StatusCodes.Status400BadRequest, $"limit must be between 1 and {MaxLimit}");
            }
            if (cursor is not null && !IdleResourcePage.TryDecode(cursor))
            {
                return ApiErrors.Result(StatusCodes.Status400BadRequest, "cursor must be a nextCursor this API returned");
            }
            var filter = new IdleFindingFilter(limited ?? team, type, wanted, minimum, environment);
            var (run, findings) = await detector.CurrentFindingsAsync(filter, cancellationToken);
            var page = IdleResourcePage.Of(run, findings, cursor, size);
            return Tagged(context, page);
        }).WithMetadata(new RequiredScope(ApiScopes.Read)).WithSummary("Idle-resource findings (Idle, Underutilized, Scheduled, Active, Undetermined) with savings and evidence; filter, page with limit + cursor, ETag.");

        api.MapGet("/idle-resources/{id}", async (HttpContext context, string id, IIdleFindings findings, CancellationToken cancellationToken) =>
        {
            var finding = await findings.GetAsync(id, cancellationToken);
            if (finding is null)
            {
                return ApiErrors.Result(StatusCodes.Status404NotFound, $"no current finding '{id}' (the resource no longer has it)");
            }
            if (ApiEndpoints.TokenOf(context).Team is { } limited && !string.Equals(finding.Team, limited, StringComparison.Ordinal))
            {
                return ApiErrors.Result(StatusCodes.Status403Forbidden, $"finding '{id}' is not team '{limited}''s");
            }
            return Tagged(context, finding);
        }).WithMetadata(new RequiredScope(ApiScopes.Read)).WithSummary("One finding of the latest detection run (computedAt, runId; stale = past the bound, not actionable) with its window, coverage, statistics and thresholds, rule version and billing rows.");
    }

    /// <summary>The body with its ETag; 304 without a body when the client already has it.</summary>
    private static IResult Tagged<T>(HttpContext context, T value)
    {
        var (body, etag) = IdleResourcePage.Serialise(value);
        context.Response.Headers.ETag = etag;
        context.Response.Headers.CacheControl = "no-cache";
        if (context.Request.Headers.IfNoneMatch is { Count: > 0 } match && Matches(match, etag))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }
        return Results.Bytes(body, "application/json");
    }

    private static bool Matches(StringValues header, string etag) =>
        header.SelectMany(h => (h ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Any(t => t == "*" || t == etag || t == "W/" + etag);
}
