using System.Text.RegularExpressions;

namespace Platform.Insights.Ingest.Catalog;

/// <summary>Which <c>apiVersion</c> values mark a YAML document as a Backstage entity.</summary>
internal static partial class BackstageApiVersion
{
    /// <summary>The versions of the core model that define Component, Group and System.</summary>
    public static bool IsCoreModel(string apiVersion) =>
        apiVersion is "backstage.io/v1alpha1" or "backstage.io/v1beta1";

    /// <summary>
    /// Any Backstage entity, including plugin kinds such as <c>scaffolder.backstage.io/v1beta3</c> Templates,
    /// which a catalog file may legitimately contain and which we ignore.
    /// </summary>
    public static bool IsBackstage(string apiVersion) => EntityApiVersion().IsMatch(apiVersion);

    /// <summary>
    /// Cheap text check used when scanning directories: repositories hold plenty of YAML that is not
    /// catalog data (CI workflows, Helm templates that are not even valid YAML), and those files must be
    /// skipped without being parsed.
    /// </summary>
    public static bool MentionsBackstageApiVersion(string text) => ApiVersionLine().IsMatch(text);

    [GeneratedRegex(@"^(?:[a-z0-9-]+\.)*backstage\.io/[A-Za-z0-9]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex EntityApiVersion();

    [GeneratedRegex(@"^[ \t]*apiVersion[ \t]*:[ \t]*[""']?(?:[a-z0-9-]+\.)*backstage\.io/",
        RegexOptions.CultureInvariant | RegexOptions.Multiline)]
    private static partial Regex ApiVersionLine();
}
