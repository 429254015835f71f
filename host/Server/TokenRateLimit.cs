using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Platform.Insights.Host.Server;

/// <summary>
/// ASP.NET Core rate limiting, one token bucket per token name (after <see cref="BearerTokenMiddleware"/> has
/// identified the token): <c>RequestsPerSecond</c> sustained with a <c>Burst</c>, the token's own values or
/// <c>Insights:Server:RequestsPerSecond</c> / <c>Burst</c>. Over it: 429 with <c>Retry-After</c> (seconds) and a
/// JSON error naming the token. Requests without a token (the public probes, 401s) are not limited here.
/// Prometheus retries a 429 only with <c>retry_on_http_429: true</c> in its remote_write queue config.
/// </summary>
public static class TokenRateLimit
{
    public static void Configure(RateLimiterOptions limiter, IServiceProvider services)
    {
        var defaults = services.GetRequiredService<IOptions<ServerOptions>>().Value;
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            if (context.Items[BearerTokenMiddleware.TokenItem] is not ApiToken token)
            {
                return RateLimitPartition.GetNoLimiter("");
            }
            var perSecond = token.RequestsPerSecond ?? defaults.RequestsPerSecond;
            var burst = token.Burst ?? defaults.Burst;
            // The limits are part of the key, so a token rotated with new limits gets a new bucket.
            var key = string.Create(CultureInfo.InvariantCulture, $"{token.Name}|{perSecond}|{burst}");
            return RateLimitPartition.GetTokenBucketLimiter(key, _ => Bucket(perSecond, burst));
        });
        limiter.OnRejected = async (rejected, _) =>
        {
            var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 1;
            rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            var name = (rejected.HttpContext.Items[BearerTokenMiddleware.TokenItem] as ApiToken)?.Name ?? "";
            await ApiErrors.WriteAsync(rejected.HttpContext, StatusCodes.Status429TooManyRequests, $"token '{name}' is over its rate limit; retry after {seconds} s");
        };
    }

    /// <summary>Refills every 100 ms (so Retry-After stays short), <paramref name="perSecond"/> / 10 tokens each time, at least one.</summary>
    private static TokenBucketRateLimiterOptions Bucket(double perSecond, int burst)
    {
        var period = TimeSpan.FromSeconds(Math.Max(0.1, 1 / perSecond));
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = Math.Max(1, (int)Math.Round(perSecond * period.TotalSeconds)),
            ReplenishmentPeriod = period,
            QueueLimit = 0,
            AutoReplenishment = true,
        };
    }
}
