using System.Text.RegularExpressions;
using Platform.Insights.Demo.Model;

namespace Platform.Insights.Demo.Tests;

public sealed class OrganisationTests
{
    [Fact]
    public async Task A_small_organisation_has_every_kind_of_data()
    {
        using var directory = new TempDirectory();

        var m = await DemoGenerator.WriteAsync(new DemoOrganisationOptions { Teams = 2, Services = 5, Days = 2 }, directory.Path);

        Assert.Equal(2, m.Teams.Count);
        Assert.Equal(5, m.Services.Count);
        Assert.All(m.Teams, t => Assert.True(t.ServiceCount >= 1 && t.ResourceCount >= 2));
        Assert.Equal(2, m.Files.Count(f => f.Kind == DemoFileKind.Catalog));
        Assert.Equal(2, m.Files.Count(f => f.Kind == DemoFileKind.Logs));
        Assert.Single(m.Files, f => f.Kind == DemoFileKind.Billing);
        Assert.Equal(8, m.Files.Count(f => f.Kind == DemoFileKind.Metrics));
        Assert.Contains(m.Resources, r => r.Profile == DemoResourceProfile.Idle && r.Type != "volume");
        Assert.Contains(m.Resources, r => r.Attached == false);
        Assert.NotEmpty(m.Incidents);
        Assert.True(m.Deployments.Total > 0);
        Assert.NotNull(m.CostAnomaly);
        Assert.All(m.Files, f => Assert.True(f.Lines > 0 && File.Exists(directory.File(f.Path))));
        Assert.True(File.Exists(directory.File(DemoManifest.FileName)));
    }

    [Fact]
    public async Task Rewriting_a_directory_leaves_no_files_of_the_previous_run()
    {
        using var directory = new TempDirectory();
        await DemoGenerator.WriteAsync(new DemoOrganisationOptions { Teams = 2, Services = 3, Days = 3 }, directory.Path);
        File.WriteAllText(directory.File("notes.txt"), "kept");

        var m = await DemoGenerator.WriteAsync(new DemoOrganisationOptions { Teams = 1, Services = 2, Days = 1 }, directory.Path);

        var onDisk = Directory.EnumerateFiles(directory.Path, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(directory.Path, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
        Assert.Equal(m.Files.Select(f => f.Path).Append(DemoManifest.FileName).Append("notes.txt").Order(StringComparer.Ordinal), onDisk);
    }

    [Fact]
    public void Large_organisations_get_unique_well_formed_names()
    {
        var model = OrganisationBuilder.Build(new DemoOrganisationOptions { Teams = 50, Services = 2000, Days = 1 });

        var names = model.Services.Select(s => s.Name).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.Equal(50, model.Teams.Select(t => t.Name).Distinct().Count());
        Assert.All(model.Teams, t => Assert.Contains(model.Services, s => s.Team == t));
        var entityName = new Regex("^[a-z0-9]+(-[a-z0-9]+)*$");
        Assert.All(names.Concat(model.Teams.Select(t => t.Name)), n => Assert.True(entityName.IsMatch(n) && n.Length <= 63, n));
        Assert.Equal(model.Resources.Count, model.Resources.Select(r => r.Id).Distinct().Count());
        Assert.InRange(model.Resources.Count / (double)model.Services.Count, 2.0, 3.2);
    }

    [Fact]
    public async Task The_catalog_describes_every_service_with_owner_slo_and_cost_tags()
    {
        using var directory = new TempDirectory();
        var m = await DemoGenerator.WriteAsync(new DemoOrganisationOptions { Teams = 3, Services = 9, Days = 1 }, directory.Path);

        foreach (var team in m.Teams)
        {
            var documents = File.ReadAllText(directory.File($"catalog/{team.Name}/catalog-info.yaml")).Split("---\n");
            Assert.Contains($"kind: Group\nmetadata:\n  name: {team.Name}\n", documents[0], StringComparison.Ordinal);
            Assert.Contains("  type: team\n", documents[0], StringComparison.Ordinal);
            Assert.Equal(team.Systems.Count, documents.Count(d => d.Contains("kind: System\n", StringComparison.Ordinal)));
            foreach (var service in m.Services.Where(s => s.Team == team.Name))
            {
                var component = Assert.Single(documents, d => d.Contains($"kind: Component\nmetadata:\n  name: {service.Name}\n", StringComparison.Ordinal));
                Assert.Contains($"  owner: group:default/{team.Name}\n", component, StringComparison.Ordinal);
                Assert.Contains($"  system: {service.System}\n", component, StringComparison.Ordinal);
                Assert.Contains($"    insights.platform/slo: \"{service.Slo.ToString(System.Globalization.CultureInfo.InvariantCulture)}\"\n", component, StringComparison.Ordinal);
                Assert.Contains($"    insights.platform/cost-tags: \"service={service.Name}\"\n", component, StringComparison.Ordinal);
                Assert.Contains($"    github.com/project-slug: acme/{service.Name}\n", component, StringComparison.Ordinal);
                Assert.Contains($"  lifecycle: {service.Lifecycle}\n", component, StringComparison.Ordinal);
            }
        }
    }
}
