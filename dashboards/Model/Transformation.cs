namespace Platform.Insights.Dashboards.Model;

/// <summary>A data transformation: <c>merge</c> (one table from several instant queries), <c>organize</c> (hide, rename, order columns).</summary>
public sealed record Transformation(string Id, TransformationOptions Options);
