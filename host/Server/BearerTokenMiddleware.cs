namespace Platform.Insights.Host.Server;

/// <summary>
/// Every route with a <see cref="RequiredScope"/> needs a configured bearer token with that scope:
/// missing or unknown token → 401, known token without the scope (or team-limited on an org-wide route) → 403,
/// both with a JSON error body. Tokens are compared in constant time.
/// </summary>
public sealed class BearerTokenMiddleware(RequestDelegate next, ApiTokenSet tokens)
{
    public const string TokenItem = "insights.token";

    public async Task InvokeAsync(HttpContext context)
    {
        var required = context.GetEndpoint()?.Metadata.GetMetadata<RequiredScope>();
        if (required is null)
        {
            await next(context);
            return;
        }

        var header = context.Request.Headers.Authorization.ToString();
        var presented = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
        var token = presented is null ? null : tokens.Find(presented);
        if (token is null)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await ApiErrors.WriteAsync(context, StatusCodes.Status401Unauthorized,
                presented is null ? "missing bearer token (Authorization: Bearer <token>)" : "unknown bearer token");
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

}
