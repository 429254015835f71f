using System.Globalization;
using Platform.Insights.Demo.Model;
using Platform.Insights.Demo.Writing;

namespace Platform.Insights.Demo.Catalog;

/// <summary>
/// Writes <c>catalog/&lt;team&gt;/catalog-info.yaml</c>: the team's Backstage Group, its Systems and its
/// Components, as multi-document YAML. All names are [a-z0-9-], so only numbers-as-strings need quoting.
/// </summary>
internal static class CatalogWriter
{
    public static async Task<List<DemoFile>> WriteAsync(OrganisationModel model, string root, IProgress<DemoProgress>? progress, CancellationToken cancellationToken)
    {
        var files = new List<DemoFile>();
        foreach (var team in model.Teams)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var file = new OutputFile(root, $"catalog/{team.Name}/catalog-info.yaml", DemoFileKind.Catalog, progress);
            await using (file)
            {
                var yaml = new YamlLines(file.Buffer);
                var documents = 0;
                WriteGroup(yaml, team);
                documents++;
                foreach (var system in team.Systems)
                {
                    WriteSystem(yaml, team, system);
                    documents++;
                }
                foreach (var service in model.ServicesOf(team))
                {
                    WriteComponent(yaml, service);
                    documents++;
                }
                await file.CompleteAsync(cancellationToken);
                files.Add(new DemoFile(file.RelativePath, DemoFileKind.Catalog, file.Lines, file.Bytes, Entities: documents));
            }
        }
        return files;
    }

    private static void WriteGroup(YamlLines yaml, TeamModel team)
    {
        yaml.Line("apiVersion: backstage.io/v1alpha1");
        yaml.Line("kind: Group");
        yaml.Line("metadata:");
        yaml.Line("  name: " + team.Name);
        yaml.Line("  description: " + team.DisplayName + " team");
        yaml.Line("spec:");
        yaml.Line("  type: team");
        yaml.Line("  profile:");
        yaml.Line("    displayName: " + team.DisplayName);
        yaml.Line("    email: " + team.Name + "@example.com");
        yaml.Line("  children: []");
    }

    private static void WriteSystem(YamlLines yaml, TeamModel team, string system)
    {
        yaml.Line("---");
        yaml.Line("apiVersion: backstage.io/v1alpha1");
        yaml.Line("kind: System");
        yaml.Line("metadata:");
        yaml.Line("  name: " + system);
        yaml.Line("  description: " + NameCatalogue.DisplayName(system) + " system owned by " + team.DisplayName);
        yaml.Line("spec:");
        yaml.Line("  owner: group:default/" + team.Name);
    }

    private static void WriteComponent(YamlLines yaml, ServiceModel service)
    {
        yaml.Line("---");
        yaml.Line("apiVersion: backstage.io/v1alpha1");
        yaml.Line("kind: Component");
        yaml.Line("metadata:");
        yaml.Line("  name: " + service.Name);
        yaml.Line("  description: " + NameCatalogue.DisplayName(service.Name) + (service.IsWorker ? " background worker" : " service"));
        yaml.Line("  tags:");
        yaml.Line("    - " + service.Language);
        yaml.Line(service.IsWorker ? "    - worker" : "    - http");
        yaml.Line("  annotations:");
        yaml.Line("    github.com/project-slug: acme/" + service.Name);
        yaml.Line("    insights.platform/slo: \"" + service.Slo.ToString(CultureInfo.InvariantCulture) + "\"");
        yaml.Line("    insights.platform/cost-tags: \"service=" + service.Name + "\"");
        yaml.Line("spec:");
        yaml.Line("  type: service");
        yaml.Line("  lifecycle: " + service.Lifecycle);
        yaml.Line("  owner: group:default/" + service.Team.Name);
        yaml.Line("  system: " + service.System);
    }

    private readonly struct YamlLines(LineBuffer buffer)
    {
        public void Line(string text)
        {
            buffer.Append(text);
            buffer.EndLine();
        }
    }
}
