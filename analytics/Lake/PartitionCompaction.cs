namespace Platform.Insights.Analytics.Lake;

/// <summary>What one compaction attempt on a partition did.</summary>
/// <param name="Outcome">compacted, locked (another silo has it), too_few_files, grace (an earlier compaction's files are not deleted yet), cleaned.</param>
/// <param name="StaleTemporaryDeleted">Crashed writers' temporary files deleted (<see cref="LakeOptions.StaleTemporaryAge"/>).</param>
public sealed record PartitionCompaction(string Partition, string Outcome, int FilesMerged, long Rows, int FilesDeleted, int StaleTemporaryDeleted = 0);
