using Platform.Insights.Ingest.Parsers;
using Platform.Insights.Ingest.Records;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Platform.Insights.Ingest.Catalog;

/// <summary>
/// Parses Backstage <c>catalog-info.yaml</c> files: multi-document YAML, one entity per document.
/// Component, Group and System entities are read; other kinds are counted and ignored.
/// All-or-nothing per file: any problem throws <see cref="InputFormatException"/> (file, 1-based line,
/// field path) and nothing from that file is returned.
/// </summary>
public static class BackstageCatalogParser
{
    /// <exception cref="InputFormatException">Malformed YAML or an invalid entity.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static CatalogDocumentSet ParseFile(string path)
    {
        using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        return Parse(reader, path);
    }

    /// <summary>Parses catalog YAML from <paramref name="reader"/>; <paramref name="fileName"/> is used in errors and as SourceFile.</summary>
    /// <exception cref="InputFormatException">Malformed YAML or an invalid entity.</exception>
    public static CatalogDocumentSet Parse(TextReader reader, string fileName)
    {
        var fields = new YamlFieldReader(fileName);
        var components = new List<CatalogComponent>();
        var groups = new List<CatalogGroup>();
        var systems = new List<CatalogSystem>();
        var ignored = new SortedDictionary<string, int>(StringComparer.Ordinal);
        // Kind + name → line of the first definition, to report duplicates inside the file.
        var seen = new Dictionary<(string Kind, string Name), long>(DuplicateKeyComparer.Instance);

        foreach (var document in LoadDocuments(reader, fileName))
        {
            var root = document.RootNode;
            if (YamlFieldReader.IsNull(root))
            {
                continue; // an empty document, e.g. after a trailing '---'
            }

            if (root is not YamlMappingNode mapping)
            {
                throw fields.Error(root, "a catalog document must be a mapping with apiVersion, kind and metadata");
            }

            var entity = new CatalogEntityReader(fields, mapping);
            var kind = entity.IsKind("Component") ? "Component"
                : entity.IsKind("Group") ? "Group"
                : entity.IsKind("System") ? "System"
                : null;
            if (kind is null)
            {
                ignored[entity.Kind] = ignored.GetValueOrDefault(entity.Kind) + 1;
                continue;
            }

            if (!seen.TryAdd((kind, entity.Name), entity.Line))
            {
                throw new InputFormatException(fileName, entity.Line,
                    $"duplicate {kind} '{entity.Name}': already defined at line {seen[(kind, entity.Name)]}");
            }

            switch (kind)
            {
                case "Component":
                    components.Add(entity.ToComponent());
                    break;
                case "Group":
                    groups.Add(entity.ToGroup());
                    break;
                default:
                    systems.Add(entity.ToSystem());
                    break;
            }
        }

        return new CatalogDocumentSet
        {
            SourceFile = fileName,
            Components = components,
            Groups = groups,
            Systems = systems,
            Ignored = ignored,
        };
    }

    private static IList<YamlDocument> LoadDocuments(TextReader reader, string fileName)
    {
        // Own the scanner so its position is available when YamlDotNet fails without a mark.
        var scanner = new Scanner(reader);
        var stream = new YamlStream();
        try
        {
            stream.Load(new YamlNestingLimit(new Parser(scanner), fileName));
            return stream.Documents;
        }
        catch (YamlException ex)
        {
            throw new InputFormatException(fileName, ex.Start.Line, $"malformed YAML: {ex.Message}");
        }
        catch (ArgumentException ex)
        {
            // YamlDotNet 18 throws this (no mark) when a broken document leaves an event no node can start with.
            throw new InputFormatException(fileName, scanner.CurrentPosition.Line, $"malformed YAML: {ex.Message}");
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet 18 throws this (no mark) for some unterminated flow collections, e.g. "tags: [a, b".
            throw new InputFormatException(fileName, scanner.CurrentPosition.Line,
                "malformed YAML: unexpected content (an unterminated [ ] or { } list?)");
        }
    }

    /// <summary>Entity names compare case-insensitively, as in Backstage; kinds are already canonical.</summary>
    private sealed class DuplicateKeyComparer : IEqualityComparer<(string Kind, string Name)>
    {
        public static readonly DuplicateKeyComparer Instance = new();

        public bool Equals((string Kind, string Name) x, (string Kind, string Name) y) =>
            x.Kind == y.Kind && StringComparer.OrdinalIgnoreCase.Equals(x.Name, y.Name);

        public int GetHashCode((string Kind, string Name) obj) =>
            HashCode.Combine(obj.Kind, StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Name));
    }
}
