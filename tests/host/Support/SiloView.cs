namespace Platform.Insights.Host.Tests.Support;

/// <summary>One silo in <see cref="ClusterView"/>: its address, membership status and activations per grain type.</summary>
public sealed record SiloView(string Address, string Status, Dictionary<string, int> Grains);
