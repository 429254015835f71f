namespace Platform.Insights.Host.Server;

/// <summary>
/// Which families a <c>/metrics</c> scrape asks for with <c>?families=</c>: <c>all</c> (the default), <c>pipeline</c>
/// (this process's own counters: scrape every silo) or <c>kpi</c> (the KPI gauges, the same on every silo: scrape them
/// once, through the Service, so <c>sum()</c> does not count them once per silo).
/// </summary>
public enum MetricsFamilies
{
    All,
    Pipeline,
    Kpi,
}
