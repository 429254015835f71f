using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Platform.Insights.Ingest.Tests;

public sealed class IngestOptionsTests
{
    private static IngestOptions Bind(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddValidatedOptions<IngestOptions>(configuration, IngestOptions.Section);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<IngestOptions>>().Value;
    }

    [Fact]
    public void Service_labels_default_to_service_app_job()
    {
        Assert.Equal(["service", "app", "job"], Bind([]).Labels);
    }

    [Fact]
    public void Configured_service_labels_replace_the_defaults_instead_of_being_appended()
    {
        var options = Bind(new() { ["Insights:Ingest:ServiceLabels:0"] = "component", ["Insights:Ingest:ServiceLabels:1"] = "app" });

        Assert.Equal(["component", "app"], options.Labels);
    }

    [Theory]
    [InlineData("insights..first")]
    [InlineData("first commit")]
    public void A_GitHub_first_commit_field_that_is_not_a_field_path_fails_naming_the_key(string field)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{WebhookOptions.Section}:GitHubFirstCommitField"] = field,
        }).Build();
        var services = new ServiceCollection();
        services.AddValidatedOptions<WebhookOptions>(configuration, WebhookOptions.Section);
        using var provider = services.BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<WebhookOptions>>().Value);

        Assert.Contains("Insights:Ingest:Webhooks:GitHubFirstCommitField must be a field name or a dotted path", failure.Message, StringComparison.Ordinal);
    }
}
