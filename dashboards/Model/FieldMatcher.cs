namespace Platform.Insights.Dashboards.Model;

/// <summary>A field matcher: <see cref="Id"/> <c>byName</c> with the field name as <see cref="Options"/>.</summary>
public sealed record FieldMatcher(string Id, string Options)
{
    public static FieldMatcher ByName(string name) => new("byName", name);
}
