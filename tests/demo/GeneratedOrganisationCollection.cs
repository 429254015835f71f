namespace Platform.Insights.Demo.Tests;

/// <summary>Shares one <see cref="GeneratedOrganisation"/> between the format and consistency tests.</summary>
[CollectionDefinition(Name)]
public sealed class GeneratedOrganisationCollection : ICollectionFixture<GeneratedOrganisation>
{
    public const string Name = "generated organisation";
}
