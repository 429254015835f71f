namespace Platform.Insights.Analytics.Uptime;

/// <summary>One resource's utilisation in one period and dimension (<c>Uptime/utilisation_rollup.sql</c>); null values when no sample had one.</summary>
public sealed record UtilisationRow(
    string Dimension, string Resource, string Service, string? Team, string Metric, DateTime Period,
    long Samples, double? Avg, double? P95, double? Max, double? Coverage);
