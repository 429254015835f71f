namespace Platform.Insights.Host.Server;

/// <summary>Body of <c>POST /api/v1/query</c>.</summary>
public sealed record QueryRequest(string Sql, int? MaxRows);
