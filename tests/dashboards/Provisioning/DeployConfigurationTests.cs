using Platform.Insights.Dashboards.Generation;
using Platform.Insights.Dashboards.Provisioning;

namespace Platform.Insights.Dashboards.Tests.Provisioning;

/// <summary>deploy/grafana is generated: it must be exactly what the code generates today (no drift), and
/// deploy/prometheus must scrape what the dashboards read.</summary>
public sealed class DeployConfigurationTests : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("insights-deploy-").FullName;

    public void Dispose() => Directory.Delete(_out, recursive: true);

    private static string Repo { get; } = FindRepo();

    private static string FindRepo()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Platform.Insights.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Platform.Insights.sln not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void The_committed_grafana_configuration_is_what_generation_writes_today()
    {
        var deploy = Path.Combine(Repo, "deploy", "grafana");
        var files = GrafanaProvisioning.Write(_out, InsightsDashboards.All(DashboardSettings.Default),
            new ProvisioningSettings("/var/lib/grafana/dashboards/insights", "http://prometheus:9090", "Insights"));
        foreach (var file in files)
        {
            var committed = Path.Combine(deploy, file.Path);
            Assert.True(File.Exists(committed), $"deploy/grafana/{file.Path} is missing; regenerate (deploy/README.md)");
            Assert.True(File.ReadAllText(Path.Combine(_out, file.Path)) == File.ReadAllText(committed),
                $"deploy/grafana/{file.Path} differs from what the code generates; regenerate (deploy/README.md)");
        }
        var extra = Directory.EnumerateFiles(deploy, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(deploy, f).Replace('\\', '/'))
            .Except(files.Select(f => f.Path)).ToList();
        Assert.True(extra.Count == 0, "not generated: " + string.Join(", ", extra));
    }

    [Fact]
    public void Regenerating_into_a_directory_removes_dashboards_no_longer_generated()
    {
        var settings = new ProvisioningSettings("/x", "http://prometheus:9090", "Insights");
        Directory.CreateDirectory(Path.Combine(_out, "dashboards"));
        File.WriteAllText(Path.Combine(_out, "dashboards", "insights-retired.json"), "{}");
        File.WriteAllText(Path.Combine(_out, "dashboards", "someone-elses.json"), "{}");
        GrafanaProvisioning.Write(_out, InsightsDashboards.All(DashboardSettings.Default), settings);
        Assert.False(File.Exists(Path.Combine(_out, "dashboards", "insights-retired.json")));
        Assert.True(File.Exists(Path.Combine(_out, "dashboards", "someone-elses.json")));
        Assert.Equal(8, Directory.GetFiles(Path.Combine(_out, "dashboards"), "insights-*.json").Length);
    }

    [Fact]
    public void The_provisioning_files_are_grafana_yaml_with_a_stable_folder_and_datasource()
    {
        var settings = new ProvisioningSettings("/var/lib/grafana/dashboards/insights", "http://prometheus:9090", "Insights");
        var providers = GrafanaProvisioning.ToYaml(GrafanaProvisioning.DashboardProviders(settings));
        Assert.StartsWith("apiVersion: 1\nproviders:\n- name: insights\n", providers.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("folderUid: insights-folder", providers, StringComparison.Ordinal);
        Assert.Contains("path: /var/lib/grafana/dashboards/insights", providers, StringComparison.Ordinal);
        var sources = GrafanaProvisioning.ToYaml(GrafanaProvisioning.DataSources(settings));
        Assert.Contains("type: prometheus", sources, StringComparison.Ordinal);
        Assert.Contains("url: http://prometheus:9090", sources, StringComparison.Ordinal);
        Assert.Contains("timeInterval: 30s", sources, StringComparison.Ordinal);
    }

    [Fact]
    public void Prometheus_scrapes_insights_metrics_with_a_bearer_token_file()
    {
        var config = File.ReadAllText(Path.Combine(Repo, "deploy", "prometheus", "prometheus.yml"));
        Assert.Contains("metrics_path: /metrics", config, StringComparison.Ordinal);
        Assert.Contains("credentials_file: /etc/prometheus/insights.token", config, StringComparison.Ordinal);
        // Each silo's pipeline metrics anonymously; the KPI gauges (every team's cost, read tokens only) once, with the token.
        Assert.Contains("families: [pipeline]", config, StringComparison.Ordinal);
        Assert.Contains("families: [kpi]", config, StringComparison.Ordinal);
        Assert.True(config.IndexOf("families: [kpi]", StringComparison.Ordinal) < config.IndexOf("credentials_file:", StringComparison.Ordinal),
            "the token belongs to the KPI job, after its families parameter");
        var compose = File.ReadAllText(Path.Combine(Repo, "deploy", "compose.yaml"));
        Assert.Contains("./grafana/dashboards:/var/lib/grafana/dashboards/insights", compose, StringComparison.Ordinal);
        Assert.Contains("./grafana/provisioning:/etc/grafana/provisioning", compose, StringComparison.Ordinal);
    }
}
