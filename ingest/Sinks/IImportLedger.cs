namespace Platform.Insights.Ingest.Sinks;

/// <summary>The queryable record of every file import (the <c>imports</c> table).</summary>
public interface IImportLedger
{
    Task RecordAsync(ImportRecord record, CancellationToken cancellationToken);
}
