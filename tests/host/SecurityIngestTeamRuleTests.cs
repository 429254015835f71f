using Platform.Insights.Host.Server;

namespace Platform.Insights.Host.Tests;

/// <summary>A token's <c>Team</c> binds what it reads and, for log push, which services it writes: a blank or padded team fails the token rules (start-up, reload) naming the key.</summary>
public sealed class SecurityIngestTeamRuleTests
{
    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData(" payments")]
    [InlineData("payments\n")]
    [InlineData("pay\u0000ments")]
    public void A_blank_padded_or_control_character_team_is_refused_naming_the_key(string team)
    {
        var errors = ApiTokenRules.Check([new ApiToken { Name = "shipper", Token = "shipper-token-0123456789", Scopes = [ApiScopes.Ingest], Team = team }], "Insights:Server:Tokens");

        var error = Assert.Single(errors);
        Assert.StartsWith("Insights:Server:Tokens:0:Team", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_team_name_as_the_catalog_spells_it_passes()
    {
        Assert.Empty(ApiTokenRules.Check([new ApiToken { Name = "shipper", Token = "shipper-token-0123456789", Scopes = [ApiScopes.Ingest], Team = "payments" }], "Insights:Server:Tokens"));
    }
}
