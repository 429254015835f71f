using System.Text.Json.Serialization;

namespace Platform.Insights.Reports.Model;

/// <summary>
/// One KPI against its target for the period, with the previous period's value. <see cref="Value"/> is null exactly
/// when <see cref="Missing"/> says why (no data is never shown as zero). <see cref="Currency"/> for money rows. Band rows
/// carry the machine value (4 elite … 1 low) and, for people, its name (<see cref="ValueName"/>, …).
/// </summary>
public sealed record ScorecardRow(
    string Kpi,
    KpiUnit Unit,
    double? Value,
    double? Target,
    double? Previous,
    KpiStatus Status,
    string? Missing,
    string? Currency = null)
{
    /// <summary>The band name of <see cref="Value"/> (Elite, High, Medium, Low) for band rows; null otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ValueName => Name(Value);

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TargetName => Name(Target);

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PreviousName => Name(Previous);

    private string? Name(double? value) => Unit == KpiUnit.Band && value is not null ? ReportFormat.Band(value) : null;
}
