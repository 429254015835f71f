using System.ComponentModel.DataAnnotations;

namespace Platform.Insights.Host.Runtime;

/// <summary>The embedded Orleans silo (section <c>Insights:Cluster</c>). Port 0 picks a free port.</summary>
public sealed class ClusterOptions
{
    public const string Section = "Insights:Cluster";

    [Range(0, 65535)]
    public int SiloPort { get; set; }

    [Range(0, 65535)]
    public int GatewayPort { get; set; }

    [Required(AllowEmptyStrings = false)]
    public string ClusterId { get; set; } = "insights";
}
