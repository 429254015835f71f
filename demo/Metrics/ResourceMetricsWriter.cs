using Platform.Insights.Demo.Model;

namespace Platform.Insights.Demo.Metrics;

/// <summary>
/// Writes one file per resource gauge family, 15-minute samples per resource. Each type gets the families
/// that make sense for it: volumes only disk and attachment, databases a connection count, no network for
/// databases or disk for Kubernetes workloads.
/// </summary>
internal static class ResourceMetricsWriter
{
    private const int Step = 900;

    public static readonly IReadOnlyList<Family> Families =
    [
        new("resource_cpu_utilization_ratio", "CPU used as a share of the resource's capacity (0..1).", [ResourceModel.Vm, ResourceModel.K8sWorkload, ResourceModel.Database], 4),
        new("resource_memory_utilization_ratio", "Memory used as a share of the resource's capacity (0..1).", [ResourceModel.Vm, ResourceModel.K8sWorkload, ResourceModel.Database], 4),
        new("resource_network_bytes_per_second", "Network bytes per second, in and out.", [ResourceModel.Vm, ResourceModel.K8sWorkload], 0),
        new("resource_disk_utilization_ratio", "Disk space used as a share of the provisioned size (0..1).", [ResourceModel.Vm, ResourceModel.Database, ResourceModel.Volume], 4),
        new("resource_db_connections", "Open client connections to the database.", [ResourceModel.Database], 0),
        new("resource_attached", "Whether the volume is attached to an instance (1) or not (0).", [ResourceModel.Volume], 0),
    ];

    public static async Task<DemoFile> WriteAsync(OrganisationModel model, Family family, string root, IProgress<DemoProgress>? progress, CancellationToken cancellationToken)
    {
        var writer = new OpenMetricsWriter(root, family.Name, "gauge", family.Help, progress);
        await using (writer)
        {
            foreach (var resource in model.Resources)
            {
                if (!family.Types.Contains(resource.Type))
                {
                    continue;
                }
                var load = new ResourceLoad(model, resource);
                var r = RandomStreams.For(model.Seed, "metrics." + family.Name, resource.Index);
                writer.BeginSeries(family.Name,
                    ("resource_id", resource.Id), ("resource_type", resource.Type), ("service", resource.Service.Name),
                    ("team", resource.Service.Team.Name), ("env", resource.Environment));
                for (var day = 0; day < model.Days; day++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var dayStart = model.StartUnix + (day * 86_400L);
                    for (var t = dayStart; t < dayStart + 86_400; t += Step)
                    {
                        WriteSample(writer, family, load, t, r);
                    }
                    await writer.FlushIfFullAsync(cancellationToken);
                }
            }
            return await writer.CompleteAsync(cancellationToken);
        }
    }

    private static void WriteSample(OpenMetricsWriter writer, Family family, ResourceLoad load, long t, Random r)
    {
        switch (family.Name)
        {
            case "resource_cpu_utilization_ratio":
                writer.Sample(t, load.Cpu(t, r), family.Decimals);
                break;
            case "resource_memory_utilization_ratio":
                writer.Sample(t, load.Memory(t, r), family.Decimals);
                break;
            case "resource_network_bytes_per_second":
                writer.Sample(t, load.Network(t, r));
                break;
            case "resource_disk_utilization_ratio":
                writer.Sample(t, load.Disk(t, r), family.Decimals);
                break;
            case "resource_db_connections":
                writer.Sample(t, load.Connections(t, r));
                break;
            default:
                writer.Sample(t, load.Attached());
                break;
        }
    }

    internal sealed record Family(string Name, string Help, string[] Types, int Decimals);
}
