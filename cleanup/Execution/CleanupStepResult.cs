namespace Platform.Insights.Cleanup.Execution;

/// <summary>How a step went; <see cref="PreviousReplicas"/> is what ScaleToZero found, for undo.</summary>
public sealed record CleanupStepResult(bool Succeeded, string Detail, int? PreviousReplicas = null)
{
    public static CleanupStepResult Ok(string detail, int? previousReplicas = null) => new(true, detail, previousReplicas);

    public static CleanupStepResult Failed(string detail) => new(false, detail);
}
