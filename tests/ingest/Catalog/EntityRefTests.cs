using Platform.Insights.Ingest.Catalog;

namespace Platform.Insights.Ingest.Tests.Catalog;

public sealed class EntityRefTests
{
    [Theory]
    [InlineData("group:default/payments", "group", "default", "payments")]
    [InlineData("payments", "group", "default", "payments")]
    [InlineData("group:payments", "group", "default", "payments")]
    [InlineData("default/payments", "group", "default", "payments")]
    [InlineData("user:jane", "user", "default", "jane")]
    [InlineData("Group:Finance/Accounts.Payable", "group", "finance", "Accounts.Payable")]
    [InlineData("  payments  ", "group", "default", "payments")]
    public void Parses_every_backstage_reference_form(string text, string kind, string ns, string name)
    {
        var parsed = EntityRef.Parse(text, "group");

        Assert.Equal(new EntityRef(kind, ns, name), parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("group:")]
    [InlineData(":payments")]
    [InlineData("default/")]
    [InlineData("a/b/c")]
    [InlineData("payments team")]
    [InlineData("Not_A_Namespace/payments")]
    public void Rejects_references_backstage_would_reject(string text)
    {
        Assert.False(EntityRef.TryParse(text, "group", "default", out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
        Assert.Throws<FormatException>(() => EntityRef.Parse(text, "group"));
    }

    [Fact]
    public void Prints_the_full_form()
    {
        Assert.Equal("group:default/payments", EntityRef.Parse("payments", "Group").ToString());
    }
}
