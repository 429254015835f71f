namespace Platform.Insights.Dashboards.Model;

/// <summary>
/// The standard field options: <see cref="Unit"/> (Grafana unit ids: <c>percentunit</c> for 0..1 ratios, <c>s</c>,
/// <c>currencyUSD</c>), <see cref="Thresholds"/> (colours at the targets), value <see cref="Mappings"/> (DORA bands as
/// words and colours) and data <see cref="Links"/> (drill-down with the series' labels).
/// </summary>
public sealed class FieldDefaults
{
    public string? Unit { get; init; }

    public int? Decimals { get; init; }

    public double? Min { get; init; }

    public double? Max { get; init; }

    public string? DisplayName { get; init; }

    public string? NoValue { get; init; }

    public FieldColor? Color { get; init; }

    public Thresholds? Thresholds { get; init; }

    public IReadOnlyList<ValueMapping>? Mappings { get; init; }

    public IReadOnlyList<DataLink>? Links { get; init; }

    public FieldCustom? Custom { get; init; }
}
