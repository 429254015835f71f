using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Catalog;

/// <summary>
/// The service catalog merged from many Backstage files: who owns what.
/// <para>
/// Outcome of <see cref="Load"/>: a file that fails to parse is listed in <see cref="FileErrors"/> and
/// contributes nothing, while the other files still load. A name defined in two files is a
/// <see cref="Conflict"/> and fails the whole load: ownership would be ambiguous, so the set is then empty.
/// Callers report <see cref="FileErrors"/>, <see cref="Conflicts"/> and <see cref="Warnings"/> and treat
/// <see cref="HasErrors"/> as failure.
/// </para>
/// Lookups by name are case-insensitive, as entity names are in Backstage.
/// </summary>
public sealed class CatalogSet
{
    private readonly Dictionary<string, CatalogComponent> _servicesByName;
    private readonly Dictionary<string, CatalogGroup> _groupsByName;
    private readonly ILookup<string, CatalogComponent> _servicesByTeam;

    private CatalogSet(
        IReadOnlyList<CatalogComponent> services,
        IReadOnlyList<CatalogGroup> groups,
        IReadOnlyList<CatalogSystem> systems,
        IReadOnlyList<string> teams,
        CatalogLoadReport report)
    {
        Services = services;
        Groups = groups;
        Systems = systems;
        Teams = teams;
        LoadedFiles = report.LoadedFiles;
        SkippedFiles = report.SkippedFiles;
        FileErrors = report.FileErrors;
        Conflicts = report.Conflicts;
        Warnings = report.Warnings;
        Ignored = report.Ignored;
        _servicesByName = services.ToDictionary(s => s.Name, StringComparer.OrdinalIgnoreCase);
        _groupsByName = groups.ToDictionary(g => g.Name, StringComparer.OrdinalIgnoreCase);
        _servicesByTeam = services.Where(s => s.Team is not null).ToLookup(s => s.Team!, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>All Components, in load order (each is a service whatever its spec.type).</summary>
    public IReadOnlyList<CatalogComponent> Services { get; }

    public IReadOnlyList<CatalogGroup> Groups { get; }

    public IReadOnlyList<CatalogSystem> Systems { get; }

    /// <summary>
    /// Team names, sorted: every Group, plus owners named by a Component or System that have no Group entity.
    /// Spelled as the Group entity spells them (else as first seen); Component.Team uses the same spelling.
    /// </summary>
    public IReadOnlyList<string> Teams { get; }

    /// <summary>Files whose entities are in this set.</summary>
    public IReadOnlyList<string> LoadedFiles { get; }

    /// <summary>YAML files found in directories that are not Backstage catalog files.</summary>
    public IReadOnlyList<string> SkippedFiles { get; }

    public IReadOnlyList<CatalogFileError> FileErrors { get; }

    /// <summary>Cross-file duplicate names; when any exist the set holds no entities.</summary>
    public IReadOnlyList<CatalogConflict> Conflicts { get; }

    public IReadOnlyList<CatalogWarning> Warnings { get; }

    /// <summary>Entities of kinds not used here (API, Resource, User…), counted by kind over all loaded files.</summary>
    public IReadOnlyDictionary<string, int> Ignored { get; }

    public bool HasErrors => FileErrors.Count > 0 || Conflicts.Count > 0;

    /// <summary>
    /// Loads every catalog file under <paramref name="paths"/>. A path may be a file (which must be a
    /// Backstage catalog file) or a directory (searched recursively for *.yaml and *.yml; files without a
    /// <c>apiVersion: backstage.io/…</c> document are skipped). Never throws for bad input: see the class remarks.
    /// </summary>
    public static CatalogSet Load(IEnumerable<string> paths)
    {
        var errors = new List<CatalogFileError>();
        var skipped = new List<string>();
        var parsed = new List<CatalogDocumentSet>();
        foreach (var candidate in CatalogFileDiscovery.Find(paths, errors))
        {
            try
            {
                var text = File.ReadAllText(candidate.Path);
                if (!BackstageApiVersion.MentionsBackstageApiVersion(text))
                {
                    if (candidate.Explicit)
                    {
                        errors.Add(new CatalogFileError(candidate.Path, null,
                            "not a Backstage catalog file (no document with apiVersion: backstage.io/...)"));
                    }
                    else
                    {
                        skipped.Add(candidate.Path);
                    }

                    continue;
                }

                parsed.Add(BackstageCatalogParser.Parse(new StringReader(text), candidate.Path));
            }
            catch (InputFormatException ex)
            {
                errors.Add(new CatalogFileError(ex.File, ex.Line, ex.Reason));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                errors.Add(new CatalogFileError(candidate.Path, null, $"cannot read file: {ex.Message}"));
            }
        }

        return Merge(parsed, errors, skipped);
    }

    /// <summary>Merges already-parsed files, applying the same cross-file checks as <see cref="Load"/>.</summary>
    public static CatalogSet FromDocuments(IEnumerable<CatalogDocumentSet> documents) =>
        Merge(documents.ToList(), [], []);

    public CatalogComponent? FindService(string name) => _servicesByName.GetValueOrDefault(name);

    public CatalogGroup? FindGroup(string name) => _groupsByName.GetValueOrDefault(name);

    /// <summary>The services owned by <paramref name="team"/>; empty for an unknown team.</summary>
    public IReadOnlyList<CatalogComponent> ServicesOfTeam(string team) => _servicesByTeam[team].ToArray();

    /// <summary>The team owning <paramref name="service"/>; null when the service is unknown or owned by a user.</summary>
    public string? TeamOf(string service) => FindService(service)?.Team;

    private static CatalogSet Merge(
        List<CatalogDocumentSet> parsed, List<CatalogFileError> errors, List<string> skipped)
    {
        var conflicts = new List<CatalogConflict>();
        FindConflicts("Component", parsed.SelectMany(d => d.Components).Select(c => (c.Name, c.SourceFile, c.Line)), conflicts);
        FindConflicts("Group", parsed.SelectMany(d => d.Groups).Select(g => (g.Name, g.SourceFile, g.Line)), conflicts);
        FindConflicts("System", parsed.SelectMany(d => d.Systems).Select(s => (s.Name, s.SourceFile, s.Line)), conflicts);
        if (conflicts.Count > 0)
        {
            var failed = new CatalogLoadReport([], skipped, errors, conflicts, [], new Dictionary<string, int>());
            return new CatalogSet([], [], [], [], failed);
        }

        var groups = parsed.SelectMany(d => d.Groups).ToArray();
        var ownership = new CatalogOwnership(groups);
        var services = parsed.SelectMany(d => d.Components).Select(ownership.Canonical).ToArray();
        var systems = parsed.SelectMany(d => d.Systems).Select(ownership.Canonical).ToArray();
        var ignored = parsed.SelectMany(d => d.Ignored)
            .GroupBy(kv => kv.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(kv => kv.Value), StringComparer.Ordinal);
        var report = new CatalogLoadReport(
            parsed.Select(d => d.SourceFile).ToArray(), skipped, errors, [],
            ownership.Warnings(services, systems), ignored);
        return new CatalogSet(services, groups, systems, ownership.Teams, report);
    }

    private static void FindConflicts(
        string kind, IEnumerable<(string Name, string File, long Line)> entities, List<CatalogConflict> conflicts)
    {
        var first = new Dictionary<string, (string File, long Line)>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, file, line) in entities)
        {
            if (first.TryGetValue(name, out var original))
            {
                conflicts.Add(new CatalogConflict(kind, name, original.File, original.Line, file, line));
            }
            else
            {
                first[name] = (file, line);
            }
        }
    }
}
