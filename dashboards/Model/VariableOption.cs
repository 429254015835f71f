namespace Platform.Insights.Dashboards.Model;

/// <summary>A variable's value as Grafana stores it (current value or one option).</summary>
public sealed record VariableOption(string Text, string Value, bool Selected = false);
