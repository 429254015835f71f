using System.Text.Json.Serialization;

namespace Platform.Insights.Analytics.Cost;

/// <summary>
/// Which FOCUS cost a single-number KPI counts: <see cref="Effective"/> (EffectiveCost, amortized after commitment
/// discounts: purchases spread over the usage they pay for) or <see cref="Billed"/> (BilledCost, as invoiced).
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<CostBasis>))]
public enum CostBasis
{
    [JsonStringEnumMemberName("effective")]
    Effective,
    [JsonStringEnumMemberName("billed")]
    Billed,
}
