using System.Text.Json;
using Platform.Insights.Host.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Platform.Insights.Host.Tests;

/// <summary>
/// deploy/helm/platform-insights rendered with its values (helm is not available here, so a renderer for the chart's
/// documented template subset), every document parsed as YAML and checked for what Kubernetes would reject or
/// silently mis-wire: names, selectors, port names, probes, secret keys and the dashboards.
/// </summary>
public sealed class HelmChartTests
{
    private const string Release = "rel";
    private static readonly string Chart = Path.Combine(InsightsExe.RepoRoot, "deploy", "helm", "platform-insights");

    private static readonly Lazy<IReadOnlyList<(string Template, YamlMappingNode Document)>> Documents = new(Parse);

    [Fact]
    public void Every_rendered_document_has_api_version_kind_and_a_release_prefixed_name()
    {
        var kinds = Documents.Value.Select(d => Text(d.Document, "kind")).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(["ConfigMap", "ConfigMap", "Job", "Role", "RoleBinding", "ScrapeConfig", "Secret", "Service", "Service", "ServiceAccount", "ServiceMonitor", "StatefulSet"], kinds);
        foreach (var (template, document) in Documents.Value)
        {
            Assert.False(string.IsNullOrEmpty(Text(document, "apiVersion")), $"{template}: apiVersion");
            Assert.StartsWith($"{Release}-", Text(document, "metadata.name"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_statefulset_selects_its_own_pods_runs_cluster_mode_and_probes_healthz_and_readyz_on_a_declared_port()
    {
        var set = Single("StatefulSet");
        var podLabels = Map(set, "spec.template.metadata.labels");
        var container = (YamlMappingNode)Sequence(set, "spec.template.spec.containers")[0];
        var ports = Sequence(container, "ports").Cast<YamlMappingNode>().ToDictionary(p => Text(p, "name"), p => Text(p, "containerPort"));

        Assert.Subset(podLabels.ToHashSet(), Map(set, "spec.selector.matchLabels").ToHashSet());
        Assert.Equal($"{Release}-insights-silos", Text(set, "spec.serviceName"));
        Assert.Equal("2", Text(set, "spec.replicas"));
        Assert.Equal(["serve", "--cluster"], Sequence(container, "args").Select(a => ((YamlScalarNode)a).Value!));
        Assert.Equal(new Dictionary<string, string> { ["http"] = "5080", ["silo"] = "11111", ["gateway"] = "30000" }, ports);
        Assert.Equal("/healthz", Text(container, "livenessProbe.httpGet.path"));
        Assert.Equal("/readyz", Text(container, "readinessProbe.httpGet.path"));
        Assert.Contains(Text(container, "livenessProbe.httpGet.port"), ports.Keys);
        Assert.Contains(Text(container, "readinessProbe.httpGet.port"), ports.Keys);
        Assert.Equal("true", Text(set, "spec.template.spec.securityContext.runAsNonRoot"));
        Assert.Equal("status.podIP", Text((YamlMappingNode)Sequence(container, "env")[0], "valueFrom.fieldRef.fieldPath"));
        var mounts = Sequence(container, "volumeMounts").Cast<YamlMappingNode>().Select(m => Text(m, "name")).ToList();
        Assert.Contains("data", mounts);
        Assert.Equal("data", Text((YamlMappingNode)Sequence(set, "spec.volumeClaimTemplates")[0], "metadata.name"));

        var config = Map(Single("ConfigMap", $"{Release}-insights-config"), "data");
        Assert.Equal("Cluster", config["Insights__Mode"]);
        Assert.Equal(ports["silo"], config["Insights__Cluster__SiloPort"]);
        Assert.Equal(ports["gateway"], config["Insights__Cluster__GatewayPort"]);
        Assert.EndsWith(":" + ports["http"], config["Insights__Server__Urls"], StringComparison.Ordinal);
        var envFrom = Sequence(container, "envFrom").Cast<YamlMappingNode>().ToList();
        Assert.Contains(envFrom, e => e.Children.ContainsKey("configMapRef") && Text(e, "configMapRef.name") == $"{Release}-insights-config");
        Assert.Contains(envFrom, e => e.Children.ContainsKey("secretRef") && Text(e, "secretRef.name") == $"{Release}-insights-secret");
    }

    [Fact]
    public void The_silos_run_under_orleans_kubernetes_hosting_with_their_pod_identity_and_a_role_to_watch_and_delete_pods()
    {
        var set = Single("StatefulSet");
        var podLabels = Map(set, "spec.template.metadata.labels");
        var container = (YamlMappingNode)Sequence(set, "spec.template.spec.containers")[0];
        var env = Sequence(container, "env").Cast<YamlMappingNode>().ToDictionary(e => Text(e, "name"), e => Text(e, "valueFrom.fieldRef.fieldPath"));
        var config = Map(Single("ConfigMap", $"{Release}-insights-config"), "data");

        Assert.Equal("true", config["Insights__Cluster__KubernetesHosting"]);
        foreach (var variable in Platform.Insights.Host.Runtime.ClusterOptions.KubernetesEnvironment)
        {
            Assert.True(env.ContainsKey(variable), $"{variable} is not set on the silo container");
        }
        Assert.Equal(("metadata.name", "metadata.namespace", "status.podIP"), (env["POD_NAME"], env["POD_NAMESPACE"], env["POD_IP"]));
        // The hosting reads the ids from the pod's own labels, which must be the configured cluster id.
        Assert.Equal(config["Insights__Cluster__ClusterId"], podLabels["orleans/serviceId"]);
        Assert.Equal(config["Insights__Cluster__ClusterId"], podLabels["orleans/clusterId"]);
        Assert.Equal("metadata.labels['orleans/serviceId']", env["ORLEANS_SERVICE_ID"]);
        Assert.Equal("metadata.labels['orleans/clusterId']", env["ORLEANS_CLUSTER_ID"]);

        var account = Text(set, "spec.template.spec.serviceAccountName");
        Assert.Equal(account, Text(Single("ServiceAccount"), "metadata.name"));
        var binding = Single("RoleBinding");
        var subject = (YamlMappingNode)Sequence(binding, "subjects")[0];
        Assert.Equal(("ServiceAccount", account), (Text(subject, "kind"), Text(subject, "name")));
        var role = Single("Role", Text(binding, "roleRef.name"));
        var rule = Sequence(role, "rules").Cast<YamlMappingNode>().Single(r => Sequence(r, "resources").Any(x => ((YamlScalarNode)x).Value == "pods"));
        Assert.Superset(new HashSet<string>(["get", "list", "watch", "delete"], StringComparer.Ordinal),
            Sequence(rule, "verbs").Select(v => ((YamlScalarNode)v).Value!).ToHashSet(StringComparer.Ordinal));
    }

    [Fact]
    public void Services_and_the_service_monitor_point_at_the_silo_pods_by_label_and_at_declared_port_names()
    {
        var podLabels = Map(Single("StatefulSet"), "spec.template.metadata.labels").ToHashSet();
        var container = (YamlMappingNode)Sequence(Single("StatefulSet"), "spec.template.spec.containers")[0];
        var portNames = Sequence(container, "ports").Cast<YamlMappingNode>().Select(p => Text(p, "name")).ToHashSet();
        var api = Single("Service", $"{Release}-insights");
        var silos = Single("Service", $"{Release}-insights-silos");
        var monitor = Single("ServiceMonitor");
        var secret = Single("Secret");

        foreach (var service in new[] { api, silos })
        {
            Assert.Subset(podLabels, Map(service, "spec.selector").ToHashSet());
            Assert.All(Sequence(service, "spec.ports").Cast<YamlMappingNode>(), p => Assert.Contains(Text(p, "targetPort"), portNames));
        }
        Assert.Equal("None", Text(silos, "spec.clusterIP"));
        Assert.Subset(Map(api, "metadata.labels").ToHashSet(), Map(monitor, "spec.selector.matchLabels").ToHashSet());
        var endpoint = (YamlMappingNode)Sequence(monitor, "spec.endpoints")[0];
        Assert.Contains(Text(endpoint, "port"), Sequence(api, "spec.ports").Cast<YamlMappingNode>().Select(p => Text(p, "name")));
        Assert.Equal("/metrics", Text(endpoint, "path"));
        // Per silo: the pipeline's own metrics, public, so no token; the KPI gauges once through the API Service, with it.
        Assert.Equal("pipeline", ((YamlScalarNode)Sequence(endpoint, "params.families")[0]).Value);
        Assert.False(endpoint.Children.ContainsKey("authorization"));
        var kpi = Single("ScrapeConfig");
        Assert.Equal("/metrics", Text(kpi, "spec.metricsPath"));
        Assert.Equal("kpi", ((YamlScalarNode)Sequence(kpi, "spec.params.families")[0]).Value);
        var apiPort = Sequence(api, "spec.ports").Cast<YamlMappingNode>().Single(p => Text(p, "name") == Text(endpoint, "port"));
        Assert.Equal([$"{Text(api, "metadata.name")}.{HelmChartRenderer.Namespace}.svc:{Text(apiPort, "port")}"],
            Sequence((YamlMappingNode)Sequence(kpi, "spec.staticConfigs")[0], "targets").Select(t => ((YamlScalarNode)t).Value!));
        Assert.Equal(Text(secret, "metadata.name"), Text(kpi, "spec.authorization.credentials.name"));
        var secretData = Map(secret, "stringData");
        Assert.Contains(Text(kpi, "spec.authorization.credentials.key"), secretData.Keys);
        Assert.Contains("Insights__Cluster__ConnectionString", secretData.Keys);
        Assert.Equal(secretData["token"], secretData["Insights__Server__Tokens__0__Token"]);
        var job = Single("Job");
        Assert.Equal(["db", "init"], Sequence((YamlMappingNode)Sequence(job, "spec.template.spec.containers")[0], "args").Select(a => ((YamlScalarNode)a).Value!));
    }

    [Fact]
    public void The_dashboards_config_map_carries_every_generated_dashboard_for_the_grafana_sidecar()
    {
        var dashboards = Single("ConfigMap", $"{Release}-insights-dashboards");
        var data = Map(dashboards, "data");
        var generated = Directory.GetFiles(Path.Combine(InsightsExe.RepoRoot, "deploy", "grafana", "dashboards"), "*.json");

        Assert.Equal("1", Map(dashboards, "metadata.labels")["grafana_dashboard"]);
        Assert.Equal(generated.Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal), data.Keys.Order(StringComparer.Ordinal));
        foreach (var file in generated)
        {
            // The chart's copies must be the generated files (regenerate: deploy/README.md), and survive YAML intact.
            Assert.True(File.ReadAllText(file) == File.ReadAllText(Path.Combine(Chart, "dashboards", Path.GetFileName(file))),
                $"deploy/helm/platform-insights/dashboards/{Path.GetFileName(file)} differs from deploy/grafana/dashboards; copy it again");
            using var json = JsonDocument.Parse(data[Path.GetFileName(file)]);
            Assert.Equal(JsonDocument.Parse(File.ReadAllText(file)).RootElement.GetProperty("uid").GetString(), json.RootElement.GetProperty("uid").GetString());
        }
    }

    [Fact]
    public void Every_object_a_hook_job_reads_is_created_before_it_by_a_hook_of_lower_weight()
    {
        // Helm runs pre-install hooks before it creates the release's other objects: a hook Job reading a plain Secret
        // would wait for it until the install timed out.
        var hookJobs = Documents.Value.Select(d => d.Document).Where(d => Text(d, "kind") == "Job" && Annotations(d).ContainsKey("helm.sh/hook")).ToList();
        Assert.NotEmpty(hookJobs);
        foreach (var job in hookJobs)
        {
            var jobAnnotations = Annotations(job);
            var phases = jobAnnotations["helm.sh/hook"].Split(',');
            var pod = (YamlMappingNode)Node(job, "spec.template.spec");
            var read = References(pod).ToList();
            Assert.NotEmpty(read);
            foreach (var (kind, name) in read)
            {
                var target = Single(kind, name);
                var annotations = Annotations(target);
                Assert.True(annotations.TryGetValue("helm.sh/hook", out var hook), $"{kind} {name} is read by hook Job {Text(job, "metadata.name")} but is not a hook itself");
                Assert.Superset(phases.ToHashSet(StringComparer.Ordinal), hook.Split(',').ToHashSet(StringComparer.Ordinal));
                Assert.True(Weight(annotations) < Weight(jobAnnotations), $"{kind} {name} must have a lower helm.sh/hook-weight than Job {Text(job, "metadata.name")}");
            }
        }
    }

    [Fact]
    public void A_template_construct_outside_the_documented_subset_or_a_missing_value_is_an_error()
    {
        var renderer = new HelmChartRenderer(Chart, Release);

        var conditional = Assert.Throws<InvalidOperationException>(() => renderer.Render("x.yaml", "{{ if .Values.replicas }}a{{ end }}"));
        var missing = Assert.Throws<InvalidOperationException>(() => renderer.Render("x.yaml", "n: {{ .Values.nope.deeper }}"));

        Assert.Contains("unsupported template construct", conditional.Message, StringComparison.Ordinal);
        Assert.Contains(".Values.nope.deeper is not in values.yaml", missing.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Annotations(YamlMappingNode document) =>
        ((YamlMappingNode)Node(document, "metadata")).Children.ContainsKey(new YamlScalarNode("annotations")) ? Map(document, "metadata.annotations") : [];

    private static int Weight(Dictionary<string, string> annotations) =>
        annotations.TryGetValue("helm.sh/hook-weight", out var weight) ? int.Parse(weight, System.Globalization.CultureInfo.InvariantCulture) : 0;

    /// <summary>The Secrets and ConfigMaps a pod spec reads through envFrom, env valueFrom and volumes.</summary>
    private static IEnumerable<(string Kind, string Name)> References(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode map:
                foreach (var (key, value) in map.Children)
                {
                    var k = ((YamlScalarNode)key).Value;
                    if (value is YamlMappingNode target && k is "secretRef" or "secretKeyRef" && target.Children.TryGetValue(new YamlScalarNode("name"), out var secret))
                    {
                        yield return ("Secret", ((YamlScalarNode)secret).Value!);
                    }
                    else if (value is YamlMappingNode cm && k is "configMapRef" or "configMapKeyRef" or "configMap" && cm.Children.TryGetValue(new YamlScalarNode("name"), out var config))
                    {
                        yield return ("ConfigMap", ((YamlScalarNode)config).Value!);
                    }
                    else if (value is YamlMappingNode volume && k is "secret" && volume.Children.TryGetValue(new YamlScalarNode("secretName"), out var secretName))
                    {
                        yield return ("Secret", ((YamlScalarNode)secretName).Value!);
                    }
                    else
                    {
                        foreach (var inner in References(value))
                        {
                            yield return inner;
                        }
                    }
                }
                break;
            case YamlSequenceNode sequence:
                foreach (var inner in sequence.Children.SelectMany(References))
                {
                    yield return inner;
                }
                break;
        }
    }

    private static List<(string, YamlMappingNode)> Parse()
    {
        var documents = new List<(string, YamlMappingNode)>();
        foreach (var (template, text) in new HelmChartRenderer(Chart, Release).RenderAll())
        {
            var stream = new YamlStream();
            using var reader = new StringReader(text);
            stream.Load(reader);
            documents.AddRange(stream.Documents.Select(d => (template, (YamlMappingNode)d.RootNode)));
        }
        return documents;
    }

    private static YamlMappingNode Single(string kind, string? name = null) =>
        Documents.Value.Select(d => d.Document).Single(d => Text(d, "kind") == kind && (name is null || Text(d, "metadata.name") == name));

    private static YamlNode Node(YamlMappingNode root, string path)
    {
        YamlNode node = root;
        foreach (var key in path.Split('.'))
        {
            Assert.True(node is YamlMappingNode m && m.Children.ContainsKey(new YamlScalarNode(key)), $"missing {path}");
            node = ((YamlMappingNode)node)[new YamlScalarNode(key)];
        }
        return node;
    }

    private static string Text(YamlMappingNode root, string path) => ((YamlScalarNode)Node(root, path)).Value ?? "";

    private static Dictionary<string, string> Map(YamlMappingNode root, string path) =>
        ((YamlMappingNode)Node(root, path)).Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => ((YamlScalarNode)c.Value).Value ?? "");

    private static YamlSequenceNode Sequence(YamlMappingNode root, string path) => (YamlSequenceNode)Node(root, path);
}
