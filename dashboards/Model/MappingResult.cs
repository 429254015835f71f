namespace Platform.Insights.Dashboards.Model;

/// <summary>What a mapped value shows: <see cref="Text"/> in <see cref="Color"/>; <see cref="Index"/> orders the legend.</summary>
public sealed record MappingResult(string Text, string Color, int Index);
