namespace Platform.Insights.Dashboards.Model;

/// <summary>A <c>value</c> mapping: exact values (as text keys) to a display text and colour.</summary>
public sealed record ValueMapping(IReadOnlyDictionary<string, MappingResult> Options, string Type = "value");
