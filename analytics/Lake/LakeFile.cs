namespace Platform.Insights.Analytics.Lake;

/// <summary>A file written under its temporary name, to be renamed to <see cref="FinalPath"/> (published) or deleted.</summary>
public sealed record LakeFile(LakeKind Kind, string TemporaryPath, string FinalPath, long Rows);
