namespace Platform.Insights.Ingest.Catalog;

/// <summary>
/// Resolves owners to teams across files: one spelling per team (the Group entity's, else the first seen),
/// so "Payments" and "payments" never become two teams downstream, and lists dangling references.
/// </summary>
internal sealed class CatalogOwnership
{
    private readonly Dictionary<string, string> _canonical = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _groups = new(StringComparer.OrdinalIgnoreCase);

    public CatalogOwnership(IEnumerable<CatalogGroup> groups)
    {
        foreach (var group in groups)
        {
            _groups.Add(group.Name);
            _canonical.TryAdd(group.Name, group.Name);
        }
    }

    public IReadOnlyList<string> Teams => _canonical.Values.Order(StringComparer.OrdinalIgnoreCase).ToArray();

    public CatalogComponent Canonical(CatalogComponent component) =>
        component.Team is null ? component : component with { Team = Canonical(component.Team) };

    public CatalogSystem Canonical(CatalogSystem system) =>
        system.Owner is null ? system : system with { Owner = Canonical(system.Owner) };

    /// <summary>Backstage allows dangling references, so these are warnings, not errors.</summary>
    public IReadOnlyList<CatalogWarning> Warnings(
        IReadOnlyList<CatalogComponent> services, IReadOnlyList<CatalogSystem> systems)
    {
        var systemNames = systems.Select(s => s.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var warnings = new List<CatalogWarning>();
        foreach (var service in services)
        {
            if (service.Team is null)
            {
                warnings.Add(new(service.SourceFile, service.Line,
                    $"Component '{service.Name}' is owned by '{service.OwnerRef}', which is not a group, so it has no team"));
            }
            else if (!_groups.Contains(service.Team))
            {
                warnings.Add(new(service.SourceFile, service.Line,
                    $"Component '{service.Name}' is owned by '{service.OwnerRef}' but no Group '{service.Team}' is defined"));
            }

            if (service.System is not null && !systemNames.Contains(service.System))
            {
                warnings.Add(new(service.SourceFile, service.Line,
                    $"Component '{service.Name}' is part of System '{service.System}', which is not defined"));
            }

            foreach (var key in service.Settings.UnrecognisedKeys)
            {
                warnings.Add(new(service.SourceFile, service.Line,
                    $"Component '{service.Name}' has unknown annotation {key} (known: {ServiceSettings.SloAnnotation}, {ServiceSettings.SliAnnotation}, "
                    + $"{ServiceSettings.CostTagsAnnotation}, {ServiceSettings.MetricServiceAnnotation})"));
            }
        }

        foreach (var system in systems.Where(s => s.Owner is not null && !_groups.Contains(s.Owner)))
        {
            warnings.Add(new(system.SourceFile, system.Line,
                $"System '{system.Name}' is owned by '{system.OwnerRef}' but no Group '{system.Owner}' is defined"));
        }

        return warnings;
    }

    private string Canonical(string team)
    {
        if (!_canonical.TryGetValue(team, out var canonical))
        {
            canonical = team;
            _canonical[team] = team; // a team implied by an owner that has no Group entity
        }

        return canonical;
    }
}
