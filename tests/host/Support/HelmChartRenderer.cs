using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Platform.Insights.Host.Tests.Support;

/// <summary>
/// Renders deploy/helm/platform-insights without helm (not installable here), for the subset of Go templates the chart
/// keeps to: <c>{{ .Values.a.b }}</c> (a scalar of values.yaml), <c>{{ .Release.Name }}</c>, <c>{{ .Release.Namespace }}</c>, and
/// <c>{{ (.Files.Glob "PATTERN").AsConfig | indent N }}</c>. Anything else in a template is an error, so the chart
/// cannot drift into constructs this check does not understand.
/// </summary>
public sealed partial class HelmChartRenderer(string chartDirectory, string releaseName)
{
    private readonly YamlMappingNode _values = LoadValues(Path.Combine(chartDirectory, "values.yaml"));

    /// <summary>The namespace the release is rendered into (<c>{{ .Release.Namespace }}</c>).</summary>
    public const string Namespace = "insights-ns";

    public string ChartDirectory => chartDirectory;

    /// <summary>Every template rendered, by file name.</summary>
    public IReadOnlyDictionary<string, string> RenderAll() =>
        Directory.GetFiles(Path.Combine(chartDirectory, "templates"), "*.yaml")
            .Order(StringComparer.Ordinal)
            .ToDictionary(f => Path.GetFileName(f), f => Render(Path.GetFileName(f), File.ReadAllText(f)));

    public string Render(string template, string text) =>
        Expression().Replace(text, m => Evaluate(template, m.Groups[1].Value.Trim()));

    private string Evaluate(string template, string expression)
    {
        if (expression == ".Release.Name")
        {
            return releaseName;
        }
        if (expression == ".Release.Namespace")
        {
            return Namespace;
        }
        if (ValuesPath().Match(expression) is { Success: true } values)
        {
            return Lookup(template, values.Groups[1].Value);
        }
        if (FilesGlob().Match(expression) is { Success: true } glob)
        {
            return Indent(AsConfig(glob.Groups[1].Value), int.Parse(glob.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
        }
        throw new InvalidOperationException($"{template}: unsupported template construct {{{{ {expression} }}}} (see HelmChartRenderer)");
    }

    private string Lookup(string template, string path)
    {
        YamlNode node = _values;
        foreach (var key in path.Split('.'))
        {
            if (node is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out var child))
            {
                throw new InvalidOperationException($"{template}: .Values.{path} is not in values.yaml");
            }
            node = child;
        }
        return node is YamlScalarNode scalar
            ? scalar.Value ?? ""
            : throw new InvalidOperationException($"{template}: .Values.{path} is not a scalar");
    }

    // Helm's Files.AsConfig: a YAML mapping of file name to a literal block with the file's content.
    private string AsConfig(string pattern)
    {
        var directory = Path.Combine(chartDirectory, Path.GetDirectoryName(pattern)!);
        var text = new StringBuilder();
        foreach (var file in Directory.GetFiles(directory, Path.GetFileName(pattern)).Order(StringComparer.Ordinal))
        {
            text.Append(Path.GetFileName(file)).Append(": |-\n");
            foreach (var line in File.ReadAllText(file).TrimEnd('\n').Split('\n'))
            {
                text.Append("  ").Append(line).Append('\n');
            }
        }
        return text.ToString().TrimEnd('\n');
    }

    private static string Indent(string text, int spaces) =>
        string.Join('\n', text.Split('\n').Select(l => new string(' ', spaces) + l));

    private static YamlMappingNode LoadValues(string path)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(File.ReadAllText(path));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    [GeneratedRegex(@"\{\{-?(.*?)-?\}\}", RegexOptions.Singleline)]
    private static partial Regex Expression();

    [GeneratedRegex(@"^\.Values\.([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*)$")]
    private static partial Regex ValuesPath();

    [GeneratedRegex(@"^\(\.Files\.Glob ""([^""]+)""\)\.AsConfig \| indent (\d+)$")]
    private static partial Regex FilesGlob();
}
