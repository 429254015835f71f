namespace Platform.Insights.Dashboards.Model;

/// <summary>A table's initial sort column.</summary>
public sealed record TableSortBy(string DisplayName, bool Desc);
