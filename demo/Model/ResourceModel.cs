namespace Platform.Insights.Demo.Model;

/// <summary>A resource and the parameters its utilisation and cost are generated from.</summary>
internal sealed class ResourceModel
{
    public const string Vm = "vm";
    public const string K8sWorkload = "k8s_workload";
    public const string Database = "database";
    public const string Volume = "volume";

    public required int Index { get; init; }
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Type { get; init; }
    public required ServiceModel Service { get; init; }
    public required string Environment { get; init; }
    public required string AccountId { get; init; }
    public DemoResourceProfile Profile { get; set; }
    public DemoPricingModel Pricing { get; set; }
    public bool? Attached { get; init; }

    /// <summary>Instance class (vm, database), vCPU request (k8s_workload) or GiB (volume).</summary>
    public string Size { get; set; } = "";

    /// <summary>Scheduled resources: busy on this weekday, or on the last three days of each month when null.</summary>
    public DayOfWeek? BusyWeekday { get; set; }

    public bool IsCompute => Type is Vm or K8sWorkload;

    public DemoResource ToInfo() =>
        new(Id, Type, Service.Name, Service.Team.Name, Environment, Profile, Pricing, Size, Service.Region, Attached);
}
