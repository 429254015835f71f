namespace Platform.Insights.Host.Tests.Support;

/// <summary>The test classes sharing one <see cref="PostgresServer"/> (started once, ~2 s).</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL";
}
