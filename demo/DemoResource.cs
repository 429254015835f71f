namespace Platform.Insights.Demo;

/// <summary>
/// A billed cloud resource. <see cref="Id"/> is both the metrics' <c>resource_id</c> label and the FOCUS
/// <c>ResourceId</c>, so utilisation joins to cost.
/// </summary>
/// <param name="Type">vm, k8s_workload, database or volume (the <c>resource_type</c> label).</param>
/// <param name="Size">Instance class, vCPU request or volume size.</param>
/// <param name="Attached">Volumes only: false for an orphaned (unattached) volume.</param>
public sealed record DemoResource(
    string Id,
    string Type,
    string Service,
    string Team,
    string Environment,
    DemoResourceProfile Profile,
    DemoPricingModel Pricing,
    string Size,
    string Region,
    bool? Attached);
