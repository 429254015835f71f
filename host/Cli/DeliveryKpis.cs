using Microsoft.Extensions.DependencyInjection;
using Platform.Insights.Analytics.Productivity;
using Platform.Insights.Analytics.Uptime;

namespace Platform.Insights.Host.Cli;

/// <summary>
/// The delivery side of <c>insights kpi</c> and <c>GET /api/v1/kpi/productivity</c>: the DORA rows and the platform KPI
/// rows of one scope and window, keyed by row name so they join onto the uptime rows of the same window.
/// </summary>
public sealed record DeliveryKpis(DoraBenchmarks Benchmarks, IReadOnlyList<DoraRow> Dora, IReadOnlyList<ProductivityRow> Productivity)
{
    public static async Task<DeliveryKpis> ForAsync(IServiceProvider services, UptimeScope scope, string? name, UptimeWindow window, string? team,
        DoraBenchmarks? benchmarks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        var grading = benchmarks ?? services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ProductivityOptions>>().Value.Benchmarks;
        if (team is not null && scope == UptimeScope.Team && name is not null && name != team)
        {
            return new DeliveryKpis(grading, [], []);
        }
        var service = scope == UptimeScope.Service ? name : null;
        var teamFilter = team ?? (scope == UptimeScope.Team ? name : null);
        var dora = await services.GetRequiredService<DoraQuery>().ForAsync(scope, service, teamFilter, window, grading, cancellationToken);
        var productivity = await services.GetRequiredService<ProductivityQuery>().ForAsync(scope, service, teamFilter, window, cancellationToken);
        return new DeliveryKpis(grading, dora, productivity);
    }

    public DoraRow? DoraOf(string name) => Dora.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.Ordinal));

    public ProductivityRow? ProductivityOf(string name) => Productivity.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.Ordinal));

    /// <summary>Every row name of either list, in order.</summary>
    public IEnumerable<string> Names => Dora.Select(r => r.Name).Concat(Productivity.Select(r => r.Name)).Distinct(StringComparer.Ordinal);
}
