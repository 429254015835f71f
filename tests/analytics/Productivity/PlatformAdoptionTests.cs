using System.ComponentModel.DataAnnotations;
using Platform.Insights.Analytics.Productivity;
using Platform.Insights.Analytics.Uptime;

namespace Platform.Insights.Analytics.Tests.Productivity;

/// <summary>
/// What marks a deployment as made through the platform (ProductivityOptions.PlatformField / PlatformPipelines): by
/// default <c>labels.pipeline: platform</c>; any other ECS field of the stored document; <c>*</c> for every deployment.
/// </summary>
public sealed class PlatformAdoptionTests
{
    private static readonly DateTime Sep = new(2024, 9, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly UptimeWindow Window = new("custom", Sep.AddDays(14), Sep.AddDays(28));
    private static readonly DateTime InWindow = Sep.AddDays(16);

    private static async Task<ProductivityRow> OrgAsync(ProductivityOptions options, Func<DeliveryStore, Task> seed)
    {
        using var store = new DeliveryStore(options);
        foreach (var service in new[] { "web", "api", "db", "etl" })
        {
            await store.Uptime.CatalogAsync(service, service == "web" || service == "api" ? "shop" : "data");
        }
        await seed(store);
        return (await store.Productivity.ForAsync(UptimeScope.Org, null, null, Window, CancellationToken.None)).Single();
    }

    [Fact]
    public async Task By_default_only_deployments_labelled_pipeline_platform_are_through_the_platform()
    {
        var org = await OrgAsync(new ProductivityOptions(), async s =>
        {
            await s.DeployAsync("web", "w", InWindow, pipeline: "platform");
            await s.DeployAsync("api", "a", InWindow, pipeline: "jenkins-legacy");
            await s.DeployAsync("db", "d", InWindow);                                  // no marker: not through the platform
            await s.DeployAsync("etl", "e", InWindow, pipeline: "Platform");          // values match exactly
        });

        Assert.Equal((4L, 1L, 0.25), (org.Services, org.AdoptedServices, org.ServiceAdoption));
        Assert.Equal((2L, 1L), (org.Teams, org.AdoptedTeams));
    }

    [Fact]
    public async Task A_star_counts_every_successful_production_deployment()
    {
        var org = await OrgAsync(new ProductivityOptions { PlatformPipelines = [ProductivityOptions.AnyPipeline] }, async s =>
        {
            await s.DeployAsync("web", "w", InWindow, pipeline: "platform");
            await s.DeployAsync("api", "a", InWindow, pipeline: "jenkins-legacy");
            await s.DeployAsync("db", "d", InWindow);
            await s.DeployAsync("etl", "e", InWindow, outcome: "failure");
        });

        Assert.Equal((3L, 0.75), (org.AdoptedServices, org.ServiceAdoption));
    }

    [Fact]
    public async Task Another_ecs_field_of_the_stored_document_nested_or_flattened_can_mark_the_platform()
    {
        var options = new ProductivityOptions { PlatformField = "ci.provider", PlatformPipelines = ["argo", "platform-gha"] };
        var org = await OrgAsync(options, async s =>
        {
            await s.EventAsync("w", "web", InWindow, "deployment", "success", "production", raw: """{"ci":{"provider":"argo"}}""");
            await s.EventAsync("a", "api", InWindow, "deployment", "success", "production", raw: """{"ci.provider":"platform-gha"}""");
            await s.EventAsync("d", "db", InWindow, "deployment", "success", "production", raw: """{"ci":{"provider":"jenkins"}}""");
            await s.DeployAsync("etl", "e", InWindow, pipeline: "argo");               // a label is not the configured field
        });

        Assert.Equal((2L, 1L), (org.AdoptedServices, org.AdoptedTeams));   // web and api, both of team shop
    }

    [Theory]
    [InlineData("")]
    [InlineData("labels.")]
    [InlineData("labels..pipeline")]
    [InlineData("ci.provider'")]
    [InlineData(".pipeline")]
    public void A_platform_field_that_is_not_an_ecs_field_name_fails_validation_naming_the_key(string field)
    {
        var errors = new ProductivityOptions { PlatformField = field }.Validate(new ValidationContext(new object())).ToList();

        Assert.Contains(errors, e => e.ErrorMessage!.Contains("Insights:Productivity:PlatformField", StringComparison.Ordinal));
    }

    [Fact]
    public void The_default_marker_is_labels_pipeline_platform()
    {
        var options = new ProductivityOptions();

        Assert.Equal("labels.pipeline", options.PlatformField);
        Assert.Equal(["platform"], options.PlatformPipelineNames);
        Assert.Equal((true, "$.\"pipeline\"", "$.\"pipeline\""), options.PlatformFieldPaths());
        Assert.Empty(options.Validate(new ValidationContext(options)));
    }
}
