using Platform.Insights.Ingest.Records;
using YamlDotNet.RepresentationModel;

namespace Platform.Insights.Ingest.Catalog;

/// <summary>
/// Typed access to the fields of one YAML document. Every failure becomes an
/// <see cref="InputFormatException"/> naming the file, the line of the offending (or nearest) node
/// and the field path, because that is what an operator needs to fix a catalog file.
/// </summary>
internal sealed class YamlFieldReader(string file)
{
    public string File { get; } = file;

    public InputFormatException Error(YamlNode node, string message) =>
        new(File, LineOf(node), message);

    public static long LineOf(YamlNode node) => node.Start.Line;

    /// <summary>Plain <c>~</c>, <c>null</c> or nothing at all is YAML's null: treat the field as absent.</summary>
    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain or YamlDotNet.Core.ScalarStyle.Any } s
        && (string.IsNullOrEmpty(s.Value) || s.Value is "~" or "null" or "Null" or "NULL");

    public static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) && !IsNull(node) ? node : null;

    public string? OptionalString(YamlMappingNode map, string key, string path)
    {
        var node = Child(map, key);
        return node switch
        {
            null => null,
            YamlScalarNode scalar => scalar.Value,
            _ => throw Error(node, $"{path} must be a string, not a {Describe(node)}"),
        };
    }

    public string RequiredString(YamlMappingNode map, string key, string path)
    {
        var value = OptionalString(map, key, path);
        return string.IsNullOrWhiteSpace(value) ? throw Error(map, $"missing required field {path}") : value;
    }

    public YamlMappingNode? OptionalMapping(YamlMappingNode map, string key, string path)
    {
        var node = Child(map, key);
        return node switch
        {
            null => null,
            YamlMappingNode mapping => mapping,
            _ => throw Error(node, $"{path} must be a mapping, not a {Describe(node)}"),
        };
    }

    public YamlMappingNode RequiredMapping(YamlMappingNode map, string key, string path) =>
        OptionalMapping(map, key, path) ?? throw Error(map, $"missing required field {path}");

    public IReadOnlyList<string> StringList(YamlMappingNode map, string key, string path)
    {
        var node = Child(map, key);
        if (node is null)
        {
            return [];
        }

        if (node is not YamlSequenceNode sequence)
        {
            throw Error(node, $"{path} must be a list, not a {Describe(node)}");
        }

        var items = new List<string>(sequence.Children.Count);
        foreach (var item in sequence.Children)
        {
            if (item is not YamlScalarNode { Value: { Length: > 0 } value } || IsNull(item))
            {
                throw Error(item, $"{path} entries must be non-empty strings");
            }

            items.Add(value);
        }

        return items;
    }

    /// <summary>A string-to-string mapping such as metadata.annotations, with the line of each value.</summary>
    public (IReadOnlyDictionary<string, string> Values, IReadOnlyDictionary<string, long> Lines) StringMap(
        YamlMappingNode map, string key, string path)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = new Dictionary<string, long>(StringComparer.Ordinal);
        var mapping = OptionalMapping(map, key, path);
        if (mapping is null)
        {
            return (values, lines);
        }

        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { Length: > 0 } name })
            {
                throw Error(keyNode, $"{path} keys must be non-empty strings");
            }

            if (valueNode is not YamlScalarNode scalar)
            {
                throw Error(valueNode, $"{path}.{name} must be a string, not a {Describe(valueNode)}");
            }

            // YAML null (`key:` or `key: ~`) reads as empty: Backstage annotations are always strings.
            values[name] = IsNull(valueNode) ? "" : scalar.Value ?? "";
            lines[name] = LineOf(valueNode);
        }

        return (values, lines);
    }

    private static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "mapping",
        YamlSequenceNode => "list",
        _ => "scalar",
    };
}
