namespace Platform.Insights.Reports.Model;

/// <summary>
/// A plain-language sentence generated from the data, with the number it rests on and where that number is in the
/// report (<see cref="Source"/>: a scorecard KPI or a table id and row), so a reader can check it.
/// </summary>
public sealed record Highlight(string Text, double Number, string Source);
