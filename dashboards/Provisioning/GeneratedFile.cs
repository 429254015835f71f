namespace Platform.Insights.Dashboards.Provisioning;

/// <summary>A file <see cref="GrafanaProvisioning"/> wrote: its path relative to the output directory, what it is, its size.</summary>
public sealed record GeneratedFile(string Path, string Kind, string Title, int Panels, long Bytes);
