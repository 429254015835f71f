using System.ComponentModel.DataAnnotations;

namespace Platform.Insights.Analytics.Catalog;

/// <summary>
/// Catalog files the server keeps loaded (section <c>Insights:Catalog</c>). With <c>Paths</c> set, <c>insights serve</c>
/// loads those Backstage files at start and again whenever their content changes, so a running server (and every silo of
/// a cluster pointed at the same shared path or ConfigMap) follows the catalog without <c>insights catalog load</c>,
/// which needs the data directory to itself. Empty (the default): the catalog is what <c>catalog load</c> stored.
/// </summary>
public sealed class CatalogOptions : IValidatableObject
{
    public const string Section = "Insights:Catalog";

    /// <summary>Backstage <c>catalog-info.yaml</c> files or directories (searched recursively), as for <c>catalog load</c>.</summary>
    public List<string> Paths { get; set; } = [];

    /// <summary>How often the server re-reads <see cref="Paths"/>; unchanged content writes nothing.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Insights:Catalog:ReloadInterval must be between 1 s and 1 day")]
    public TimeSpan ReloadInterval { get; set; } = TimeSpan.FromMinutes(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < Paths.Count; i++)
        {
            var key = $"{Section}:Paths:{i}";
            if (string.IsNullOrWhiteSpace(Paths[i]))
            {
                yield return new ValidationResult($"{key} is empty", [key]);
            }
            else if (!File.Exists(Paths[i]) && !Directory.Exists(Paths[i]))
            {
                yield return new ValidationResult($"{key}: {Paths[i]}: no such file or directory", [key]);
            }
        }
    }
}
