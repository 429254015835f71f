namespace Platform.Insights.Ingest.Catalog;

/// <summary>Finds a catalog service by one of its annotations (implemented by the store).</summary>
public interface IServiceAnnotations
{
    /// <summary>The service whose <c>metadata.annotations[annotation]</c> equals <paramref name="value"/> (ignoring case), or null.</summary>
    Task<string?> ServiceAnnotatedAsync(string annotation, string value, CancellationToken cancellationToken);
}
