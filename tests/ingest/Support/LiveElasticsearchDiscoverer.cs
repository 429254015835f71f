using Xunit.Abstractions;
using Xunit.Sdk;

namespace Platform.Insights.Ingest.Tests.Support;

/// <summary>Discovers a <see cref="LiveElasticsearchFactAttribute"/> test as a plain fact when the URL is set, else not at all.</summary>
public sealed class LiveElasticsearchDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    private readonly FactDiscoverer _fact = new(diagnosticMessageSink);

    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        LiveElasticsearchFactAttribute.Url is null ? [] : _fact.Discover(discoveryOptions, testMethod, factAttribute);
}
