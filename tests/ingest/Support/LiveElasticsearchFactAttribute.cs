using Xunit.Sdk;

namespace Platform.Insights.Ingest.Tests.Support;

/// <summary>
/// A fact that exists only when <c>INSIGHTS_TEST_ELASTICSEARCH_URL</c> names a real Elasticsearch: without it the test is
/// not discovered at all (never a skipped or empty pass), since no Elasticsearch can be installed where CI runs.
/// </summary>
[XunitTestCaseDiscoverer("Platform.Insights.Ingest.Tests.Support.LiveElasticsearchDiscoverer", "Platform.Insights.Ingest.Tests")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class LiveElasticsearchFactAttribute : FactAttribute
{
    public const string UrlVariable = "INSIGHTS_TEST_ELASTICSEARCH_URL";

    public static string? Url => Environment.GetEnvironmentVariable(UrlVariable) is { Length: > 0 } url ? url : null;
}
