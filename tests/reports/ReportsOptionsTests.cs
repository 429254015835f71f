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

    [Fact]
    public void Smtp_settings_are_checked_at_start_naming_each_bad_key()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Resolve(new()
        {
            ["Insights:Reports:Smtp:Host"] = "smtp.example.com",
            ["Insights:Reports:Smtp:From"] = "not an address",
            ["Insights:Reports:Smtp:UserName"] = "reports",
            ["Insights:Reports:Smtp:Recipients:Weekly:0"] = "cto@example.com",
            ["Insights:Reports:Smtp:Recipients:Teams:payments:0"] = "payments-lead(at)example",
        }));
        Assert.Contains("Insights:Reports:Smtp:From", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Insights:Reports:Smtp:Recipients:Teams:payments 'payments-lead(at)example'", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Insights:Reports:Smtp:UserName and Insights:Reports:Smtp:Password", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("cto@example.com", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_smtp_host_without_any_recipient_fails()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Resolve(new()
        {
            ["Insights:Reports:Smtp:Host"] = "smtp.example.com",
            ["Insights:Reports:Smtp:From"] = "insights@example.com",
        }));
        Assert.Contains("Insights:Reports:Smtp:Recipients has no address", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_complete_smtp_configuration_is_accepted()
    {
        var smtp = Resolve(new()
        {
            ["Insights:Reports:Smtp:Host"] = "smtp.example.com",
            ["Insights:Reports:Smtp:Port"] = "465",
            ["Insights:Reports:Smtp:Security"] = "SslOnConnect",
            ["Insights:Reports:Smtp:From"] = "Platform Insights <insights@example.com>",
            ["Insights:Reports:Smtp:Recipients:Monthly:0"] = "finance@example.com",
        }).Smtp;
        Assert.Equal(Delivery.SmtpSecurity.SslOnConnect, smtp.Security);
        Assert.Equal(["finance@example.com"], smtp.RecipientsOf(Model.ReportKind.Monthly, null));
        Assert.Empty(smtp.RecipientsOf(Model.ReportKind.Weekly, null));
    }
}
