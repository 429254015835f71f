using System.Text.RegularExpressions;

namespace Platform.Insights.Ingest.Catalog;

/// <summary>
/// Backstage's own validation rules for entity names, namespaces and kinds
/// (catalog-model KubernetesValidatorFunctions), so a file Backstage accepts is accepted here too.
/// </summary>
internal static partial class EntityNameRules
{
    public const int MaxLength = 63;

    /// <summary>1–63 characters, alphanumeric at both ends, <c>-_.</c> allowed in between.</summary>
    public static bool IsValidName(string? name) =>
        name is { Length: > 0 and <= MaxLength } && NamePattern().IsMatch(name);

    /// <summary>A DNS label: lowercase alphanumeric separated by dashes (callers lowercase first).</summary>
    public static bool IsValidNamespace(string? ns) =>
        ns is { Length: > 0 and <= MaxLength } && NamespacePattern().IsMatch(ns);

    public static bool IsValidKind(string? kind) =>
        kind is { Length: > 0 and <= MaxLength } && KindPattern().IsMatch(kind);

    public const string NameRule = "1-63 characters [a-zA-Z0-9], separated by '-', '_' or '.'";

    // \z rather than $: $ would also accept a trailing newline.
    [GeneratedRegex(@"^(?:[A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\z", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^[a-z0-9]+(?:-+[a-z0-9]+)*\z", RegexOptions.CultureInvariant)]
    private static partial Regex NamespacePattern();

    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex KindPattern();
}
