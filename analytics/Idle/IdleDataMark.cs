namespace Platform.Insights.Analytics.Idle;

/// <summary>
/// What the idle findings depend on: a hash of the <c>Insights:Idle</c> settings, then the store's state
/// (<c>Idle/idle_data_mark.sql</c>): the "as of" hour and row counts of samples, series, billing (with its EffectiveCost)
/// and catalog services. A run whose mark differs was computed under other settings or over older data.
/// </summary>
public sealed record IdleDataMark(DateTime AsOf, string Value);
