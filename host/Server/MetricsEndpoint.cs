using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Platform.Insights.Dashboards.Kpis;
using Prometheus;

namespace Platform.Insights.Host.Server;

/// <summary>
/// <c>GET /metrics</c>: the pipeline's own metrics, serialised per scrape as prometheus-net's endpoint does, followed
/// by the KPI families as rendered at their last refresh (<see cref="KpiGauges"/>), so tens of thousands of KPI series
/// cost a copy, not a serialisation. OpenMetrics when the scraper accepts it (Prometheus does), as prometheus-net
/// negotiates it; the exposition then ends with one <c># EOF</c>.
/// The endpoint is public (scrapers hold no token), but the KPI families carry every team's cost and KPIs: they are
/// served only to a bearer token with the <c>read</c> scope, one team's series to a team-limited token, or anonymously
/// when <see cref="MetricsOptions.AnonymousKpiGauges"/> says so. <c>?families=pipeline|kpi</c> selects one part
/// (<see cref="MetricsFamilies"/>); asking for <c>kpi</c> without a right to it is 401/403, so a misconfigured
/// scrape shows up as a down target instead of an empty one.
/// </summary>
internal static class MetricsEndpoint
{
    private const string TextContentType = "text/plain; version=0.0.4; charset=utf-8";
    private const string OpenMetricsContentType = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    private static readonly byte[] OpenMetricsEnd = "# EOF\n"u8.ToArray();

    public static IEndpointConventionBuilder MapInsightsMetrics(this IEndpointRouteBuilder app, string pattern) =>
        app.MapGet(pattern, WriteAsync);

    private static async Task WriteAsync(HttpContext context, CollectorRegistry registry, KpiGauges kpis, ApiTokenSource tokens, IOptions<MetricsOptions> options)
    {
        var cancellationToken = context.RequestAborted;
        if (!TryParseFamilies(context.Request.Query["families"], out var families))
        {
            await ApiErrors.WriteAsync(context, StatusCodes.Status400BadRequest, "families must be one of all, pipeline, kpi");
            return;
        }
        var header = context.Request.Headers.Authorization.ToString();
        ApiToken? token = null;
        if (header.Length > 0)
        {
            // A presented token must be a known one: a wrong scrape credential is an error, not a quieter scrape.
            var presented = BearerTokenMiddleware.PresentedToken(context.Request);
            token = string.IsNullOrEmpty(presented) ? null : tokens.Current.Find(presented);
            if (token is null)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await ApiErrors.WriteAsync(context, StatusCodes.Status401Unauthorized, "unknown bearer token");
                return;
            }
        }
        var audience = KpiAudience.Of(token, options.Value.AnonymousKpiGauges);
        if (families == MetricsFamilies.Kpi && !audience.Allowed)
        {
            if (token is null)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await ApiErrors.WriteAsync(context, StatusCodes.Status401Unauthorized, "the KPI gauges need a bearer token with the 'read' scope");
            }
            else
            {
                await ApiErrors.WriteAsync(context, StatusCodes.Status403Forbidden, $"token '{token.Name}' lacks the 'read' scope");
            }
            return;
        }

        var openMetrics = AcceptsOpenMetrics(context.Request.Headers.Accept);
        var response = context.Response;
        response.ContentType = openMetrics ? OpenMetricsContentType : TextContentType;
        if (families != MetricsFamilies.Kpi)
        {
            using var pipeline = new MemoryStream();
            await registry.CollectAndExportAsTextAsync(pipeline, openMetrics ? ExpositionFormat.OpenMetricsText : ExpositionFormat.PrometheusText, cancellationToken);
            await response.Body.WriteAsync(openMetrics ? KpiExposition.WithoutEnd(pipeline.ToArray()) : pipeline.GetBuffer().AsMemory(0, (int)pipeline.Length), cancellationToken);
        }
        if (families != MetricsFamilies.Pipeline && audience.Allowed)
        {
            var rendered = await kpis.ExpositionAsync(cancellationToken);
            var bytes = openMetrics ? rendered.OpenMetricsFamilies : rendered.Text;
            await response.Body.WriteAsync(audience.Team is { } team ? KpiTeamFilter.Filter(bytes.Span, team) : bytes, cancellationToken);
        }
        if (openMetrics)
        {
            await response.Body.WriteAsync(OpenMetricsEnd, cancellationToken);
        }
    }

    private static bool TryParseFamilies(StringValues values, out MetricsFamilies families)
    {
        families = MetricsFamilies.All;
        if (values.Count == 0)
        {
            return true;
        }
        if (values.Count > 1)
        {
            return false;
        }
        MetricsFamilies? parsed = values[0] switch
        {
            "all" => MetricsFamilies.All,
            "pipeline" => MetricsFamilies.Pipeline,
            "kpi" => MetricsFamilies.Kpi,
            _ => null,
        };
        families = parsed ?? MetricsFamilies.All;
        return parsed is not null;
    }

    private static bool AcceptsOpenMetrics(StringValues accept)
    {
        foreach (var value in accept)
        {
            if (value?.Contains("application/openmetrics-text", StringComparison.OrdinalIgnoreCase) == true)
            {
                return true;
            }
        }
        return false;
    }
}
