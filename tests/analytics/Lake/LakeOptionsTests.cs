using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Platform.Insights.Analytics.Lake;

namespace Platform.Insights.Analytics.Tests.Lake;

public sealed class LakeOptionsTests
{
    private static LakeOptions Resolve(Dictionary<string, string?> settings)
    {
        settings["Insights:Mode"] = "Cluster";
        settings["Insights:Lake:Root"] = "/tmp/lake";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var provider = new ServiceCollection().AddAnalytics(configuration).BuildServiceProvider();
        return provider.GetRequiredService<IOptions<LakeOptions>>().Value;
    }

    [Fact]
    public void A_crashed_writers_temporary_files_are_kept_an_hour_by_default() =>
        Assert.Equal(TimeSpan.FromHours(1), Resolve([]).StaleTemporaryAge);

    [Fact]
    public void A_stale_temporary_age_below_a_minute_fails_naming_the_key()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Resolve(new() { ["Insights:Lake:StaleTemporaryAge"] = "00:00:05" }));
        Assert.Contains("Insights:Lake:StaleTemporaryAge", failure.Message, StringComparison.Ordinal);
    }
}
