namespace Platform.Insights.Analytics.Catalog;

/// <summary>What one read of the configured catalog paths did.</summary>
public enum CatalogSyncOutcome
{
    /// <summary>The content changed and the store now holds it.</summary>
    Loaded,

    /// <summary>Same content as the last read: nothing written.</summary>
    Unchanged,

    /// <summary>Conflicting names (across files, or with entities loaded from elsewhere): the store keeps what it had.</summary>
    Failed,
}
