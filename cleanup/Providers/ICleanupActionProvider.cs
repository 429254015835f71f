using Platform.Insights.Cleanup.Execution;

namespace Platform.Insights.Cleanup.Providers;

/// <summary>Runs cleanup steps against the real world (or a log). Dry-run steps never reach a provider.</summary>
public interface ICleanupActionProvider
{
    /// <summary>log, webhook or command; recorded with every step.</summary>
    string Name { get; }

    Task<CleanupStepResult> ExecuteAsync(CleanupStep step, CancellationToken cancellationToken);
}
