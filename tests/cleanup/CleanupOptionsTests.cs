using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Platform.Insights.Cleanup.Tests;

public sealed class CleanupOptionsTests
{
    private static CleanupOptions Resolve(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var provider = new ServiceCollection().AddCleanup(configuration).BuildServiceProvider();
        return provider.GetRequiredService<IOptions<CleanupOptions>>().Value;
    }

    [Fact]
    public void Defaults_are_valid() => Assert.NotNull(Resolve([]));

    [Fact]
    public void Cleanup_is_dry_run_unless_explicitly_turned_off()
    {
        Assert.True(Resolve([]).DryRun);
        Assert.False(Resolve(new() { ["Insights:Cleanup:DryRun"] = "false" }).DryRun);
    }

    [Fact]
    public void A_grace_period_under_a_day_fails_naming_the_key()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Resolve(new() { ["Insights:Cleanup:GracePeriod"] = "01:00:00" }));
        Assert.Contains("Insights:Cleanup:GracePeriod", failure.Message, StringComparison.Ordinal);
    }
}
