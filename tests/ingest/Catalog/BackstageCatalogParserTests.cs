using Platform.Insights.Ingest.Catalog;
using Platform.Insights.Ingest.Records;
using Platform.Insights.Ingest.Tests.Catalog.Fixtures;

namespace Platform.Insights.Ingest.Tests.Catalog;

public sealed class BackstageCatalogParserTests
{
    private static CatalogDocumentSet Parse(string yaml, string file = "catalog-info.yaml") =>
        BackstageCatalogParser.Parse(new StringReader(yaml), file);

    private static InputFormatException ParseFails(string yaml, string file = "catalog-info.yaml") =>
        Assert.Throws<InputFormatException>(() => Parse(yaml, file));

    [Fact]
    public void Reads_every_entity_of_a_multi_document_file()
    {
        var set = Parse(CatalogFixtures.PaymentsTeam, "payments/catalog-info.yaml");

        var group = Assert.Single(set.Groups);
        Assert.Equal("payments", group.Name);
        Assert.Equal("default", group.Namespace);
        Assert.Equal("Payments Team", group.Title);
        Assert.Equal("team", group.Type);
        Assert.Equal("commerce", group.Parent);
        Assert.Empty(group.Children);
        Assert.Equal(CatalogFixtures.LineOf(CatalogFixtures.PaymentsTeam, "apiVersion"), group.Line);

        var system = Assert.Single(set.Systems);
        Assert.Equal(("checkout-system", "payments", "commerce"), (system.Name, system.Owner, system.Domain));

        var service = Assert.Single(set.Components);
        Assert.Equal("checkout", service.Name);
        Assert.Equal("payments", service.Team);
        Assert.Equal("group:default/payments", service.OwnerRef);
        Assert.Equal("service", service.Type);
        Assert.Equal("production", service.Lifecycle);
        Assert.Equal("checkout-system", service.System);
        Assert.Equal("Checkout API", service.Title);
        Assert.Equal("Takes payment for a basket", service.Description);
        Assert.Equal(["dotnet", "payments"], service.Tags);
        Assert.Equal("payments/catalog-info.yaml", service.SourceFile);
        Assert.Equal(CatalogFixtures.LineOf(CatalogFixtures.PaymentsTeam, "kind: Component") - 1, service.Line);
        Assert.Equal(99.9m, service.Settings.SloTarget);
        Assert.Equal(
            [new("service", "checkout"), new("app", "checkout-api")],
            service.Settings.CostTags);
        Assert.Equal(["checkout-api", "checkout-worker"], service.Settings.MetricServiceAliases);

        Assert.Equal(1, set.Ignored["API"]);
    }

    [Fact]
    public void Annotation_keys_with_dots_and_slashes_are_kept_verbatim()
    {
        var service = Assert.Single(Parse(CatalogFixtures.PaymentsTeam).Components);

        Assert.Equal("example/checkout", service.Annotations["github.com/project-slug"]);
        Assert.Equal("dir:.", service.Annotations["backstage.io/techdocs-ref"]);
        Assert.Equal("99.9", service.Annotations["insights.platform/slo"]);
        Assert.Equal(5, service.Annotations.Count);
    }

    [Theory]
    [InlineData("group:default/payments")]
    [InlineData("payments")]
    [InlineData("group:payments")]
    [InlineData("default/payments")]
    [InlineData("Group:Default/payments")]
    [InlineData("\"group:default/payments\"")]
    public void Owner_reference_forms_all_name_the_same_team(string owner)
    {
        var service = Assert.Single(Parse(CatalogFixtures.ComponentOwnedBy(owner)).Components);

        Assert.Equal("payments", service.Team);
    }

    [Fact]
    public void A_user_owned_service_keeps_its_owner_but_has_no_team()
    {
        var service = Assert.Single(Parse(CatalogFixtures.ComponentOwnedBy("user:default/jane")).Components);

        Assert.Null(service.Team);
        Assert.Equal("user:default/jane", service.OwnerRef);
    }

    [Fact]
    public void Kinds_other_than_component_group_and_system_are_counted_not_rejected()
    {
        const string yaml = """
            apiVersion: backstage.io/v1alpha1
            kind: User
            metadata:
              name: jane
            spec:
              memberOf: [payments]
            ---
            apiVersion: backstage.io/v1alpha1
            kind: Resource
            metadata:
              name: orders-db
            spec:
              type: database
              owner: payments
            ---
            apiVersion: backstage.io/v1alpha1
            kind: User
            metadata:
              name: joe
            spec: {}
            ---
            apiVersion: backstage.io/v1alpha1
            kind: Location
            metadata:
              name: more
            spec:
              targets: [./other/catalog-info.yaml]
            ---
            apiVersion: scaffolder.backstage.io/v1beta3
            kind: Template
            metadata:
              name: new-service
            spec: {}
            """;

        var set = Parse(yaml);

        Assert.Empty(set.Components);
        Assert.Equal(2, set.Ignored["User"]);
        Assert.Equal(1, set.Ignored["Resource"]);
        Assert.Equal(1, set.Ignored["Location"]);
        Assert.Equal(1, set.Ignored["Template"]);
        Assert.Equal(5, set.EntityCount);
    }

    [Fact]
    public void Empty_documents_and_comments_are_skipped()
    {
        var set = Parse("# catalog\n---\n" + CatalogFixtures.SearchTeam + "\n---\n# end\n");

        Assert.Equal(2, set.Components.Count);
        Assert.Single(set.Groups);
    }

    [Fact]
    public void Malformed_yaml_names_the_file_and_the_line()
    {
        // Line 13 is indented less than its siblings: not valid YAML.
        const string yaml = """
            apiVersion: backstage.io/v1alpha1
            kind: Group
            metadata:
              name: search
            spec:
              type: team
            ---
            apiVersion: backstage.io/v1alpha1
            kind: Component
            metadata:
              name: search-api
              title: Search
             description: badly indented
            spec:
              owner: search
            """;

        var error = ParseFails(yaml, "teams/search.yaml");

        Assert.Equal("teams/search.yaml", error.File);
        Assert.Equal(13, error.Line);
        Assert.Contains("malformed YAML", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("teams/search.yaml:13:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unterminated_list_is_malformed_yaml_with_a_line()
    {
        const string yaml = "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: a\n  tags: [dotnet, web\n  title: A\nspec:\n  owner: payments\n";

        var error = ParseFails(yaml);

        Assert.Contains("malformed YAML", error.Reason, StringComparison.Ordinal);
        Assert.InRange(error.Line ?? 0, 5, 6);
    }

    [Fact]
    public void A_missing_metadata_name_names_the_field_and_its_line()
    {
        var yaml = CatalogFixtures.SearchTeam + """

            ---
            apiVersion: backstage.io/v1alpha1
            kind: Component
            metadata:
              title: Nameless
            spec:
              owner: search
            """;

        var error = ParseFails(yaml);

        Assert.Contains("metadata.name", error.Reason, StringComparison.Ordinal);
        Assert.Equal(CatalogFixtures.LineOf(yaml, "title: Nameless"), error.Line);
    }

    [Theory]
    [InlineData("kind: Component\nmetadata:\n  name: a\n", "apiVersion")]
    [InlineData("apiVersion: backstage.io/v1alpha1\nmetadata:\n  name: a\n", "kind")]
    [InlineData("apiVersion: backstage.io/v1alpha1\nkind: Component\nspec:\n  owner: x\n", "metadata")]
    [InlineData("apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: a\n", "spec")]
    [InlineData("apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: a\nspec:\n  type: service\n", "spec.owner")]
    [InlineData("apiVersion: backstage.io/v1alpha1\nkind: System\nmetadata:\n  name: a\nspec:\n  domain: d\n", "spec.owner")]
    public void A_missing_required_field_is_named(string yaml, string field)
    {
        var error = ParseFails(yaml);

        Assert.Contains($"missing required field {field}", error.Reason, StringComparison.Ordinal);
        Assert.NotNull(error.Line);
    }

    [Theory]
    [InlineData("Payments Team")]
    [InlineData("-payments")]
    [InlineData("payments-")]
    [InlineData("a234567890123456789012345678901234567890123456789012345678901234")]
    public void An_invalid_entity_name_is_rejected_with_its_line(string name)
    {
        var error = ParseFails(CatalogFixtures.ComponentOwnedBy("payments", $"\"{name}\""));

        Assert.Equal(4, error.Line);
        Assert.Contains("metadata.name", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"abc\"")]
    [InlineData("\"100\"")]
    [InlineData("\"0\"")]
    [InlineData("\"-5\"")]
    [InlineData("\"99,9\"")]
    [InlineData("\"1e2\"")]
    [InlineData("''")]
    public void An_invalid_slo_annotation_names_the_file_line_and_key(string value)
    {
        var yaml = CatalogFixtures.ComponentWithAnnotation("insights.platform/slo", value);

        var error = ParseFails(yaml, "svc/catalog-info.yaml");

        Assert.Equal("svc/catalog-info.yaml", error.File);
        Assert.Equal(7, error.Line);
        Assert.Contains("insights.platform/slo", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"99.9\"", 99.9)]
    [InlineData("99.95", 99.95)]
    [InlineData("\"99.5%\"", 99.5)]
    [InlineData("\" 95 \"", 95)]
    public void Slo_annotations_read_as_percentages(string value, double expected)
    {
        var yaml = CatalogFixtures.ComponentWithAnnotation("insights.platform/slo", value);

        var service = Assert.Single(Parse(yaml).Components);

        Assert.Equal((decimal)expected, service.Settings.SloTarget);
    }

    [Theory]
    [InlineData("insights.platform/cost-tags", "\"service\"")]
    [InlineData("insights.platform/cost-tags", "\"service=checkout,,app=x\"")]
    [InlineData("insights.platform/cost-tags", "\"=checkout\"")]
    [InlineData("insights.platform/metric-service", "\"checkout,\"")]
    public void Invalid_list_annotations_name_the_key(string key, string value)
    {
        var error = ParseFails(CatalogFixtures.ComponentWithAnnotation(key, value));

        Assert.Equal(7, error.Line);
        Assert.Contains(key, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_insights_annotations_are_kept_for_warnings()
    {
        var yaml = CatalogFixtures.ComponentWithAnnotation("insights.platform/sol", "\"99.9\"");

        var service = Assert.Single(Parse(yaml).Components);

        Assert.Null(service.Settings.SloTarget);
        Assert.Equal(["insights.platform/sol"], service.Settings.UnrecognisedKeys);
    }

    [Fact]
    public void A_duplicate_name_within_one_file_names_both_lines()
    {
        var yaml = CatalogFixtures.ComponentOwnedBy("payments") + "\n---\n" + CatalogFixtures.ComponentOwnedBy("search", "Checkout");

        var error = ParseFails(yaml);

        Assert.Equal(10, error.Line);
        Assert.Contains("duplicate Component 'Checkout': already defined at line 1", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: a\n", "not a Backstage entity")]
    [InlineData("apiVersion: backstage.io/v2\nkind: Component\nmetadata:\n  name: a\nspec:\n  owner: x\n", "not supported for kind Component")]
    [InlineData("- just\n- a list\n", "must be a mapping")]
    [InlineData("apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: [a]\n", "metadata.name must be a string")]
    [InlineData("apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: a\n  tags: dotnet\nspec:\n  owner: x\n", "metadata.tags must be a list")]
    [InlineData("apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: a\nspec:\n  owner: x\n  system: group:core\n", "must refer to a system")]
    [InlineData("apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: a\nspec:\n  owner: Payments Team\n", "spec.owner")]
    public void Documents_that_are_not_valid_entities_are_rejected(string yaml, string expected)
    {
        var error = ParseFails(yaml);

        Assert.Contains(expected, error.Reason, StringComparison.Ordinal);
        Assert.NotNull(error.Line);
    }

    [Fact]
    public void Relations_default_to_the_entitys_own_namespace()
    {
        const string yaml = """
            apiVersion: backstage.io/v1alpha1
            kind: Component
            metadata:
              name: ledger
              namespace: finance
            spec:
              owner: accounting
              system: other/books
            """;

        var service = Assert.Single(Parse(yaml).Components);

        Assert.Equal(("finance", "accounting", "books"), (service.Namespace, service.Team, service.System));
    }

    [Fact]
    public void ParseFile_reads_from_disk_and_reports_the_path()
    {
        using var dir = new TempCatalogDirectory();
        var path = dir.Write("catalog-info.yaml", CatalogFixtures.SearchTeam);

        var set = BackstageCatalogParser.ParseFile(path);

        Assert.Equal(path, set.SourceFile);
        Assert.All(set.Components, c => Assert.Equal(path, c.SourceFile));
    }
}
