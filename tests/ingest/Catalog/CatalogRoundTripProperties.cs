using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Platform.Insights.Ingest.Catalog;

namespace Platform.Insights.Ingest.Tests.Catalog;

public sealed class CatalogRoundTripProperties
{
    private const string Alphanumerics = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    /// <summary>A generated component: its name, owner written in one of the four ref forms, and namespace.</summary>
    public sealed record Sample(string Name, string Team, string Namespace, int OwnerForm, decimal Slo);

    private static Gen<string> EntityName =>
        from first in Gen.Elements(Alphanumerics.ToCharArray())
        from middle in Gen.Elements((Alphanumerics + "-_.").ToCharArray()).ArrayOf().Select(a => a.Take(60).ToArray())
        from last in Gen.Elements(Alphanumerics.ToCharArray())
        from single in Gen.Elements(true, false)
        select single ? first.ToString() : first + new string(middle) + last;

    private static Gen<string> NamespaceName =>
        from parts in Gen.Elements("abcdefghijklmnopqrstuvwxyz0123456789".ToCharArray()).NonEmptyListOf()
        select new string(parts.Take(20).ToArray());

    private static Arbitrary<Sample> Samples =>
        (from name in EntityName
         from team in EntityName
         from ns in Gen.OneOf(Gen.Constant("default"), NamespaceName)
         from form in Gen.Choose(0, 3)
         from tenths in Gen.Choose(1, 999)
         select new Sample(name, team, ns, form, tenths / 10m)).ToArbitrary();

    /// <summary>Backstage's ref forms; the bare forms resolve in the component's own namespace.</summary>
    private static string OwnerText(Sample s) => s.OwnerForm switch
    {
        0 => $"group:{s.Namespace}/{s.Team}",
        1 => s.Team,
        2 => $"group:{s.Team}",
        _ => $"{s.Namespace}/{s.Team}",
    };

    [Property(MaxTest = 300)]
    public Property Valid_names_and_owners_survive_a_round_trip_through_yaml() =>
        Prop.ForAll(Samples, sample =>
        {
            var yaml = string.Join('\n',
                "apiVersion: backstage.io/v1alpha1",
                "kind: Component",
                "metadata:",
                $"  name: {sample.Name}",
                $"  namespace: {sample.Namespace}",
                "  annotations:",
                $"    insights.platform/slo: \"{sample.Slo.ToString(System.Globalization.CultureInfo.InvariantCulture)}\"",
                "spec:",
                "  type: service",
                $"  owner: {OwnerText(sample)}");

            var component = Assert.Single(BackstageCatalogParser.Parse(new StringReader(yaml), "generated.yaml").Components);

            return component.Name == sample.Name
                   && component.Team == sample.Team
                   && component.Namespace == sample.Namespace
                   && component.OwnerRef == OwnerText(sample)
                   && component.Settings.SloTarget == sample.Slo;
        });
}
