namespace Platform.Insights.Analytics.Query;

/// <summary>Columns and rows of a query; <see cref="Truncated"/> when more rows existed than were asked for.</summary>
public sealed record QueryResult(IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows, bool Truncated);
