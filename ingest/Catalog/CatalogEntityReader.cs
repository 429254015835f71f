using Platform.Insights.Ingest.Records;
using YamlDotNet.RepresentationModel;

namespace Platform.Insights.Ingest.Catalog;

/// <summary>
/// Reads one Backstage entity document: validates the envelope (apiVersion, kind, metadata.name,
/// metadata.namespace) on construction, then maps the spec of the kinds Platform.Insights uses.
/// </summary>
internal sealed class CatalogEntityReader
{
    private readonly YamlFieldReader _fields;
    private readonly YamlMappingNode _root;
    private readonly YamlMappingNode _metadata;

    public CatalogEntityReader(YamlFieldReader fields, YamlMappingNode root)
    {
        _fields = fields;
        _root = root;
        Line = YamlFieldReader.LineOf(root);
        ApiVersion = fields.RequiredString(root, "apiVersion", "apiVersion");
        if (!BackstageApiVersion.IsBackstage(ApiVersion))
        {
            throw fields.Error(root, $"apiVersion '{ApiVersion}' is not a Backstage entity (expected backstage.io/v1alpha1)");
        }

        Kind = fields.RequiredString(root, "kind", "kind");
        if (!EntityNameRules.IsValidKind(Kind))
        {
            throw fields.Error(root, $"kind '{Kind}' is not a valid entity kind");
        }

        _metadata = fields.RequiredMapping(root, "metadata", "metadata");
        Name = fields.RequiredString(_metadata, "name", "metadata.name");
        if (!EntityNameRules.IsValidName(Name))
        {
            throw fields.Error(YamlFieldReader.Child(_metadata, "name")!,
                $"metadata.name '{Name}' is not a valid entity name (expected {EntityNameRules.NameRule})");
        }

        // Backstage requires lowercase namespaces; lowercasing first is lenient about case only.
        Namespace = (fields.OptionalString(_metadata, "namespace", "metadata.namespace") ?? EntityRef.DefaultNamespace)
            .Trim().ToLowerInvariant();
        if (!EntityNameRules.IsValidNamespace(Namespace))
        {
            throw fields.Error(_metadata, $"metadata.namespace '{Namespace}' is not a valid namespace");
        }
    }

    public string ApiVersion { get; }

    public string Kind { get; }

    public string Name { get; }

    public string Namespace { get; }

    public long Line { get; }

    public bool IsKind(string kind) => string.Equals(Kind, kind, StringComparison.OrdinalIgnoreCase);

    public CatalogComponent ToComponent()
    {
        RequireCoreModel();
        var spec = _fields.RequiredMapping(_root, "spec", "spec");
        var (ownerRef, owner) = RequiredOwner(spec);
        var (annotations, annotationLines) = _fields.StringMap(_metadata, "annotations", "metadata.annotations");
        var settings = ServiceSettings.FromAnnotations(annotations, (key, message) =>
            new InputFormatException(_fields.File, annotationLines[key], message));
        return new CatalogComponent
        {
            Name = Name,
            Namespace = Namespace,
            OwnerRef = ownerRef,
            Team = owner.IsKind("group") ? owner.Name : null,
            Type = _fields.OptionalString(spec, "type", "spec.type"),
            Lifecycle = _fields.OptionalString(spec, "lifecycle", "spec.lifecycle"),
            System = OptionalRef(spec, "system", "spec.system", "system")?.Name,
            Description = _fields.OptionalString(_metadata, "description", "metadata.description"),
            Title = _fields.OptionalString(_metadata, "title", "metadata.title"),
            Tags = _fields.StringList(_metadata, "tags", "metadata.tags"),
            Annotations = annotations,
            Settings = settings,
            SourceFile = _fields.File,
            Line = Line,
        };
    }

    public CatalogGroup ToGroup()
    {
        RequireCoreModel();
        var spec = _fields.OptionalMapping(_root, "spec", "spec");
        var profile = spec is null ? null : _fields.OptionalMapping(spec, "profile", "spec.profile");
        var children = spec is null ? [] : _fields.StringList(spec, "children", "spec.children");
        return new CatalogGroup
        {
            Name = Name,
            Namespace = Namespace,
            Title = (profile is null ? null : _fields.OptionalString(profile, "displayName", "spec.profile.displayName"))
                    ?? _fields.OptionalString(_metadata, "title", "metadata.title"),
            Type = spec is null ? null : _fields.OptionalString(spec, "type", "spec.type"),
            Parent = spec is null ? null : OptionalRef(spec, "parent", "spec.parent", "group")?.Name,
            Children = children.Select(c => ParseRef(spec!, "children", "spec.children", c, "group").Name).ToArray(),
            Description = _fields.OptionalString(_metadata, "description", "metadata.description"),
            SourceFile = _fields.File,
            Line = Line,
        };
    }

    public CatalogSystem ToSystem()
    {
        RequireCoreModel();
        var spec = _fields.RequiredMapping(_root, "spec", "spec");
        var (ownerRef, owner) = RequiredOwner(spec);
        return new CatalogSystem
        {
            Name = Name,
            Namespace = Namespace,
            OwnerRef = ownerRef,
            Owner = owner.IsKind("group") ? owner.Name : null,
            Domain = OptionalRef(spec, "domain", "spec.domain", "domain")?.Name,
            Description = _fields.OptionalString(_metadata, "description", "metadata.description"),
            SourceFile = _fields.File,
            Line = Line,
        };
    }

    private void RequireCoreModel()
    {
        if (!BackstageApiVersion.IsCoreModel(ApiVersion))
        {
            throw _fields.Error(_root,
                $"apiVersion '{ApiVersion}' is not supported for kind {Kind} (expected backstage.io/v1alpha1 or backstage.io/v1beta1)");
        }
    }

    // spec.owner is required by Backstage for Components and Systems, and it is how a service gets its team.
    private (string Raw, EntityRef Ref) RequiredOwner(YamlMappingNode spec)
    {
        var raw = _fields.RequiredString(spec, "owner", "spec.owner");
        return (raw, ParseRef(spec, "owner", "spec.owner", raw, "group"));
    }

    private EntityRef? OptionalRef(YamlMappingNode spec, string key, string path, string expectedKind)
    {
        var raw = _fields.OptionalString(spec, key, path);
        if (raw is null)
        {
            return null;
        }

        var parsed = ParseRef(spec, key, path, raw, expectedKind);
        return parsed.IsKind(expectedKind)
            ? parsed
            : throw _fields.Error(YamlFieldReader.Child(spec, key) ?? spec,
                $"{path} '{raw}' must refer to a {expectedKind}, not a {parsed.Kind}");
    }

    // Relations default to the referring entity's own namespace, as Backstage resolves them.
    private EntityRef ParseRef(YamlMappingNode spec, string key, string path, string raw, string defaultKind) =>
        EntityRef.TryParse(raw, defaultKind, Namespace, out var parsed, out var error)
            ? parsed
            : throw _fields.Error(YamlFieldReader.Child(spec, key) ?? spec, $"{path}: {error}");
}
