namespace Platform.Insights.Host.Server;

/// <summary>
/// Which KPI series a <c>/metrics</c> request may read: none (anonymous, or a token without <c>read</c>), every team's,
/// or one team's (a team-limited read token).
/// </summary>
public sealed record KpiAudience(bool Allowed, string? Team)
{
    public static KpiAudience None { get; } = new(false, null);

    public static KpiAudience Everyone { get; } = new(true, null);

    /// <summary>The audience of a request that presented <paramref name="token"/> (null: none presented).</summary>
    public static KpiAudience Of(ApiToken? token, bool anonymousKpiGauges) => token switch
    {
        null => anonymousKpiGauges ? Everyone : None,
        // A token that may not read is no better than none (and never worse: the option applies to it too).
        _ when !token.Allows(ApiScopes.Read) => anonymousKpiGauges ? Everyone : None,
        { Team: { } team } => new KpiAudience(true, team),
        _ => Everyone,
    };
}
