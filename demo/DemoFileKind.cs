namespace Platform.Insights.Demo;

public enum DemoFileKind
{
    Catalog,
    Metrics,
    Logs,
    Billing,
}
