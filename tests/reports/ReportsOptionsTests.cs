using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Platform.Insights.Reports.Tests;

public sealed class ReportsOptionsTests
{
    private static ReportsOptions Resolve(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var provider = new ServiceCollection().AddReports(configuration).BuildServiceProvider();
        return provider.GetRequiredService<IOptions<ReportsOptions>>().Value;
    }

    [Fact]
    public void Defaults_are_valid() => Assert.NotNull(Resolve([]));

    [Fact]
    public void An_unknown_time_zone_fails_naming_the_key()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Resolve(new() { ["Insights:Reports:TimeZone"] = "Mars/Olympus" }));
        Assert.Contains("Insights:Reports:TimeZone", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_real_time_zone_is_accepted() =>
        Assert.Equal("Europe/Berlin", Resolve(new() { ["Insights:Reports:TimeZone"] = "Europe/Berlin" }).TimeZone);

    [Fact]
    public void A_report_directory_outside_the_data_directory_fails()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Resolve(new() { ["Insights:Reports:Directory"] = "../elsewhere" }));
        Assert.Contains("Insights:Reports:Directory", failure.Message, StringComparison.Ordinal);
    }
}
