using Xunit.Abstractions;
using Xunit.Sdk;

namespace Platform.Insights.Reports.Tests.Support;

/// <summary>Discovers a <see cref="LiveSmtpFactAttribute"/> test as a plain fact when the host is set, else not at all.</summary>
public sealed class LiveSmtpDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    private readonly FactDiscoverer _fact = new(diagnosticMessageSink);

    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        LiveSmtpFactAttribute.Host is null ? [] : _fact.Discover(discoveryOptions, testMethod, factAttribute);
}
