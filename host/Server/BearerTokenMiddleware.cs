namespace Platform.Insights.Host.Server;

/// <summary>
/// Default deny: every endpoint needs a bearer token unless it is marked <see cref="PublicEndpoint"/>
/// (<c>/healthz</c>, <c>/readyz</c>, <c>/metrics</c>). Missing or unknown token → 401; a known token without the
/// endpoint's <see cref="RequiredScope"/> (or team-limited on an org-wide route) → 403; an endpoint that declares no
/// scope at all → 403 for everyone, so a route added without one is closed, not open. Both with a JSON error body
/// that names the token by its name, never its value. Tokens are hashed and compared in constant time
/// (<see cref="ApiTokenSet"/>), taken from <see cref="ApiTokenSource"/> on each request so rotation applies at once.
/// </summary>
public sealed class BearerTokenMiddleware(RequestDelegate next, ApiTokenSource tokens)
{
    public const string TokenItem = "insights.token";

    public async Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint is null || endpoint.Metadata.GetMetadata<PublicEndpoint>() is not null || endpoint.Metadata.GetMetadata<SignedWebhook>() is not null)
        {
            // No endpoint: the request ends as 404 without touching any data. A signed webhook checks its own signature.
            await next(context);
            return;
        }

        var presented = PresentedToken(context.Request);
        var token = string.IsNullOrEmpty(presented) ? null : tokens.Current.Find(presented);
        if (token is null)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await ApiErrors.WriteAsync(context, StatusCodes.Status401Unauthorized,
                string.IsNullOrEmpty(presented) ? "missing bearer token (Authorization: Bearer <token>)" : "unknown bearer token");
            return;
        }
        var required = endpoint.Metadata.GetMetadata<RequiredScope>();
        if (required is null)
        {
            await ApiErrors.WriteAsync(context, StatusCodes.Status403Forbidden, "this route declares no scope, so no token may use it");
            return;
        }
        if (!token.Allows(required.Scope))
        {
            await ApiErrors.WriteAsync(context, StatusCodes.Status403Forbidden, $"token '{token.Name}' lacks the '{required.Scope}' scope");
            return;
        }
        if (token.Team is not null && !required.AllowTeamTokens)
        {
            await ApiErrors.WriteAsync(context, StatusCodes.Status403Forbidden, $"token '{token.Name}' is limited to team '{token.Team}' and this route spans every team");
            return;
        }
        context.Items[TokenItem] = token;
        await next(context);
    }

    /// <summary>The token of an <c>Authorization: Bearer …</c> header; null when there is none or it is another scheme.</summary>
    public static string? PresentedToken(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
    }
}
