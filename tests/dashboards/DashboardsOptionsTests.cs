using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Platform.Insights.Dashboards.Tests;

public sealed class DashboardsOptionsTests
{
    private static DashboardsOptions Resolve(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var provider = new ServiceCollection().AddDashboards(configuration).BuildServiceProvider();
        return provider.GetRequiredService<IOptions<DashboardsOptions>>().Value;
    }

    [Fact]
    public void Defaults_are_valid() => Assert.NotNull(Resolve([]));

    [Fact]
    public void A_relative_grafana_url_fails_naming_the_key()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Resolve(new() { ["Insights:Dashboards:GrafanaUrl"] = "grafana:3000" }));
        Assert.Contains("Insights:Dashboards:GrafanaUrl", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_http_grafana_url_is_accepted() =>
        Assert.Equal("http://127.0.0.1:3000", Resolve(new() { ["Insights:Dashboards:GrafanaUrl"] = "http://127.0.0.1:3000" }).GrafanaUrl);
}
