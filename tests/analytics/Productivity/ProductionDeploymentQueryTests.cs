using Microsoft.Extensions.Options;
using Platform.Insights.Analytics.Productivity;

namespace Platform.Insights.Analytics.Tests.Productivity;

/// <summary>
/// The production deployments the deployment annotations mark: DORA's production deployments (environment by the
/// configured names, any case; one per event id at its latest finish), failed ones kept and 'unknown' ones not, the
/// catalog's team, and the latest per series before the range.
/// </summary>
public sealed class ProductionDeploymentQueryTests : IDisposable
{
    private static readonly DateTime T0 = new(2024, 9, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly DeliveryStore _store = new();

    public void Dispose() => _store.Dispose();

    private ProductionDeploymentQuery Query => new(_store.Uptime.Database, Options.Create(new ProductivityOptions()));

    [Fact]
    public async Task Lists_the_ranges_production_deployments_with_outcome_and_team_plus_the_latest_before_it()
    {
        await _store.Uptime.CatalogAsync("web", "shop");
        await _store.DeployAsync("web", "old-1", T0.AddHours(1));
        await _store.DeployAsync("web", "old-2", T0.AddHours(2));
        await _store.DeployAsync("web", "old-f", T0.AddHours(3), outcome: "failure");
        await _store.DeployAsync("web", "d1", T0.AddDays(1).AddHours(10), environment: "Production");
        await _store.DeployAsync("web", "d2", T0.AddDays(1).AddHours(10).AddMinutes(20));
        // Re-sent a minute later: one deployment, at the later finish.
        await _store.DeployAsync("web", "d2", T0.AddDays(1).AddHours(10).AddMinutes(21));
        await _store.DeployAsync("web", "f1", T0.AddDays(1).AddHours(12), outcome: "failure");
        // Not production deployments, or of no known outcome, or after the range.
        await _store.DeployAsync("web", "s1", T0.AddDays(1).AddHours(11), environment: "staging");
        await _store.DeployAsync("web", "u1", T0.AddDays(1).AddHours(13), outcome: "unknown");
        await _store.DeployAsync("web", "late", T0.AddDays(3));
        await _store.DeployAsync("api", "a1", T0.AddDays(1).AddHours(9));

        var rows = await Query.ForAsync(T0.AddDays(1), T0.AddDays(2), CancellationToken.None);

        Assert.Equal(
            [
                new ProductionDeployment("web", "shop", "production", "success", T0.AddHours(2)),
                new ProductionDeployment("web", "shop", "production", "failure", T0.AddHours(3)),
                new ProductionDeployment("api", "", "production", "success", T0.AddDays(1).AddHours(9)),
                new ProductionDeployment("web", "shop", "production", "success", T0.AddDays(1).AddHours(10)),
                new ProductionDeployment("web", "shop", "production", "success", T0.AddDays(1).AddHours(10).AddMinutes(21)),
                new ProductionDeployment("web", "shop", "production", "failure", T0.AddDays(1).AddHours(12)),
            ],
            rows);
    }

    [Fact]
    public async Task An_empty_range_gives_the_latest_deployment_of_each_service_and_outcome()
    {
        await _store.Uptime.CatalogAsync("web", "shop");
        await _store.DeployAsync("web", "d1", T0.AddHours(1));
        await _store.DeployAsync("web", "d2", T0.AddHours(5));
        await _store.DeployAsync("web", "f1", T0.AddHours(3), outcome: "FAILURE");

        var rows = await Query.ForAsync(T0.AddDays(1), T0.AddDays(1), CancellationToken.None);

        Assert.Equal(
            [
                new ProductionDeployment("web", "shop", "production", "failure", T0.AddHours(3)),
                new ProductionDeployment("web", "shop", "production", "success", T0.AddHours(5)),
            ],
            rows);
    }
}
