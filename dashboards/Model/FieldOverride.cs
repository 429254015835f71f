namespace Platform.Insights.Dashboards.Model;

/// <summary>Settings for the fields <see cref="Matcher"/> selects (e.g. <c>byName</c> <c>service</c>).</summary>
public sealed record FieldOverride(FieldMatcher Matcher, IReadOnlyList<FieldProperty> Properties);
