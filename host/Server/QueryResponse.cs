namespace Platform.Insights.Host.Server;

/// <summary>Answer of <c>POST /api/v1/query</c>: column names and rows as arrays.</summary>
public sealed record QueryResponse(IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows, bool Truncated);
