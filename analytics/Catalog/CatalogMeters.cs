using Prometheus;

namespace Platform.Insights.Analytics.Catalog;

/// <summary>
/// The configured catalog's reloads on <c>/metrics</c>: an operator sees a catalog that stopped loading (a broken file,
/// a duplicate name) while the server keeps serving the last good one.
/// </summary>
public sealed class CatalogMeters
{
    private readonly Counter _reloads;
    private readonly Gauge _fileErrors;
    private readonly Gauge _services;

    public CatalogMeters(CollectorRegistry registry)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        _reloads = factory.CreateCounter("insights_catalog_reloads_total",
            "Reads of the configured catalog paths, by outcome (loaded: stored a change; unchanged; failed: a conflict or store error, nothing changed).", "outcome");
        _fileErrors = factory.CreateGauge("insights_catalog_file_errors",
            "Catalog files the last read could not load (their entities stay as last loaded).");
        _services = factory.CreateGauge("insights_catalog_loaded_services", "Services the configured catalog paths held at the last successful read.");
    }

    public void Read(CatalogSyncOutcome outcome, int fileErrors, int? services)
    {
        _reloads.WithLabels(outcome.ToString().ToLowerInvariant()).Inc();
        _fileErrors.Set(fileErrors);
        if (services is { } count)
        {
            _services.Set(count);
        }
    }
}
