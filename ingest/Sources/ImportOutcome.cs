namespace Platform.Insights.Ingest.Sources;

/// <summary>How a file import ended.</summary>
public enum ImportOutcome
{
    /// <summary>Imported (bad lines, if any, were skipped and reported).</summary>
    Imported,
    /// <summary>The same content was imported before: nothing stored, and the summary says when.</summary>
    AlreadyImported,
    /// <summary>Another importer is importing this content right now.</summary>
    Busy,
    /// <summary><c>--strict</c> found bad lines: nothing from the file was stored.</summary>
    RejectedStrict,
    /// <summary>The file could not be read or stored; nothing new is visible for billing.</summary>
    Failed,
}
