namespace Platform.Insights.Analytics.Idle;

/// <summary>The <c>resource_type</c> values the idle rules know (the metrics' label; inferred from the metrics when absent).</summary>
public static class IdleResourceTypes
{
    public const string Vm = "vm";
    public const string K8sWorkload = "k8s_workload";
    public const string Volume = "volume";
    public const string PublicIp = "public_ip";
    public const string Database = "database";
    public const string LoadBalancer = "load_balancer";

    public static readonly IReadOnlyList<string> All = [Vm, K8sWorkload, Volume, PublicIp, Database, LoadBalancer];
}
