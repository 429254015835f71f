namespace Platform.Insights.Dashboards.Model;

/// <summary>A panel's field settings: <see cref="Defaults"/> for every field, <see cref="Overrides"/> for matched ones.</summary>
public sealed class FieldConfig
{
    public FieldDefaults Defaults { get; init; } = new();

    public IReadOnlyList<FieldOverride> Overrides { get; init; } = [];
}
