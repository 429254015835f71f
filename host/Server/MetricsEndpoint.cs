using Microsoft.Extensions.Primitives;
using Platform.Insights.Dashboards.Kpis;
using Prometheus;

namespace Platform.Insights.Host.Server;

/// <summary>
/// <c>GET /metrics</c>: the pipeline's own metrics, serialised per scrape as prometheus-net's endpoint does, followed
/// by the KPI families as rendered at their last refresh (<see cref="KpiGauges"/>), so tens of thousands of KPI series
/// cost a copy, not a serialisation. OpenMetrics when the scraper accepts it (Prometheus does), as prometheus-net
/// negotiates it; the exposition then ends with one <c># EOF</c>.
/// </summary>
internal static class MetricsEndpoint
{
    private const string TextContentType = "text/plain; version=0.0.4; charset=utf-8";
    private const string OpenMetricsContentType = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    private static readonly byte[] OpenMetricsEnd = "# EOF\n"u8.ToArray();

    public static IEndpointConventionBuilder MapInsightsMetrics(this IEndpointRouteBuilder app, string pattern) =>
        app.MapGet(pattern, WriteAsync);

    private static async Task WriteAsync(HttpContext context, CollectorRegistry registry, KpiGauges kpis)
    {
        var cancellationToken = context.RequestAborted;
        var openMetrics = AcceptsOpenMetrics(context.Request.Headers.Accept);
        using var pipeline = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(pipeline, openMetrics ? ExpositionFormat.OpenMetricsText : ExpositionFormat.PrometheusText, cancellationToken);
        var rendered = await kpis.ExpositionAsync(cancellationToken);
        var response = context.Response;
        response.ContentType = openMetrics ? OpenMetricsContentType : TextContentType;
        if (openMetrics)
        {
            await response.Body.WriteAsync(KpiExposition.WithoutEnd(pipeline.ToArray()), cancellationToken);
            await response.Body.WriteAsync(rendered.OpenMetricsFamilies, cancellationToken);
            await response.Body.WriteAsync(OpenMetricsEnd, cancellationToken);
        }
        else
        {
            await response.Body.WriteAsync(pipeline.GetBuffer().AsMemory(0, (int)pipeline.Length), cancellationToken);
            await response.Body.WriteAsync(rendered.Text, cancellationToken);
        }
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
