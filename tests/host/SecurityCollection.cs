namespace Platform.Insights.Host.Tests;

/// <summary>The security test classes share one <see cref="SecurityFixture"/> server (one start, one log to scan) and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class SecurityCollection : ICollectionFixture<SecurityFixture>
{
    public const string Name = "security";
}
