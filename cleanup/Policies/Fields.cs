using System.Globalization;
using Platform.Insights.Ingest.Records;
using YamlDotNet.RepresentationModel;

namespace Platform.Insights.Cleanup.Policies;

/// <summary>Typed reads of a policy file's YAML fields; each failure names file, line and field path.</summary>
public sealed class Fields(string file)
{
    public string File { get; } = file;

    public InputFormatException Error(YamlNode node, string message) => new(File, Line(node), message);

    public static long Line(YamlNode node) => node.Start.Line;

    public static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) && !(node is YamlScalarNode { Value: null or "" or "~" or "null" } s && s.Style == YamlDotNet.Core.ScalarStyle.Plain) ? node : null;

    public void OnlyKeys(YamlMappingNode map, string[] known, string path)
    {
        foreach (var key in map.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (!known.Contains(name, StringComparer.Ordinal))
            {
                throw Error(key, $"{(path.Length == 0 ? "" : path + ".")}{name} is not a known field (known: {string.Join(", ", known)})");
            }
        }
    }

    public string? String(YamlMappingNode map, string key, string path) => Child(map, key) switch
    {
        null => null,
        YamlScalarNode scalar => scalar.Value,
        var other => throw Error(other, $"{path}.{key} must be a single value"),
    };

    public bool? Bool(YamlMappingNode map, string key, string path) => String(map, key, path) switch
    {
        null => null,
        "true" or "True" or "yes" => true,
        "false" or "False" or "no" => false,
        var other => throw Error(Child(map, key)!, $"{path}.{key} must be true or false (is '{other}')"),
    };

    public double? Number(YamlMappingNode map, string key, string path) => String(map, key, path) switch
    {
        null => null,
        var text when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) => value,
        var other => throw Error(Child(map, key)!, $"{path}.{key} must be a number (is '{other}')"),
    };

    public IReadOnlyList<string> List(YamlMappingNode map, string key, string path)
    {
        switch (Child(map, key))
        {
            case null:
                return [];
            case YamlSequenceNode sequence:
                return sequence.Children.Select(item => item is YamlScalarNode { Value: { Length: > 0 } v } ? v : throw Error(item, $"{path}.{key} entries must be non-empty strings")).ToList();
            case var other:
                throw Error(other, $"{path}.{key} must be a list");
        }
    }
}
