using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Platform.Insights.Ingest.Catalog;

/// <summary>
/// A Backstage entity reference, <c>[kind:][namespace/]name</c>: <c>group:default/payments</c>,
/// <c>default/payments</c>, <c>group:payments</c> and <c>payments</c> all name the group <c>payments</c>.
/// Kind and namespace are lowercased (Backstage compares them case-insensitively); the name keeps its spelling.
/// </summary>
public sealed record EntityRef(string Kind, string Namespace, string Name)
{
    public const string DefaultNamespace = "default";

    /// <summary>Parses <paramref name="reference"/>, filling in the kind and namespace it leaves out.</summary>
    /// <exception cref="FormatException">The reference is empty or a part breaks Backstage's naming rules.</exception>
    public static EntityRef Parse(string reference, string defaultKind, string defaultNamespace = DefaultNamespace) =>
        TryParse(reference, defaultKind, defaultNamespace, out var result, out var error)
            ? result
            : throw new FormatException(error);

    public static bool TryParse(
        string? reference,
        string defaultKind,
        string defaultNamespace,
        [NotNullWhen(true)] out EntityRef? result,
        [NotNullWhen(false)] out string? error)
    {
        result = null;
        var text = reference?.Trim() ?? "";
        if (text.Length == 0)
        {
            error = "entity reference is empty";
            return false;
        }

        // Backstage splits at the first ':' for the kind, then the first '/' for the namespace.
        var kind = defaultKind;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            kind = text[..colon];
            text = text[(colon + 1)..];
        }

        var ns = defaultNamespace;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            ns = text[..slash];
            text = text[(slash + 1)..];
        }

        kind = kind.ToLower(CultureInfo.InvariantCulture);
        ns = ns.ToLower(CultureInfo.InvariantCulture);
        if (!EntityNameRules.IsValidKind(kind))
        {
            error = $"entity reference '{reference}' has an invalid kind '{kind}'";
            return false;
        }

        if (!EntityNameRules.IsValidNamespace(ns))
        {
            error = $"entity reference '{reference}' has an invalid namespace '{ns}'";
            return false;
        }

        if (!EntityNameRules.IsValidName(text))
        {
            error = $"entity reference '{reference}' has an invalid name '{text}' (expected {EntityNameRules.NameRule})";
            return false;
        }

        result = new EntityRef(kind, ns, text);
        error = null;
        return true;
    }

    /// <summary>True when this reference is of <paramref name="kind"/> (case-insensitive).</summary>
    public bool IsKind(string kind) => string.Equals(Kind, kind, StringComparison.OrdinalIgnoreCase);

    /// <summary>The full form Backstage prints: <c>kind:namespace/name</c>.</summary>
    public override string ToString() => $"{Kind}:{Namespace}/{Name}";
}
