using Microsoft.Extensions.Logging;
using Platform.Insights.Cleanup.Execution;

namespace Platform.Insights.Cleanup.Providers;

/// <summary>The default provider: writes each step to the log and changes nothing, so enabling cleanup is safe to try.</summary>
public sealed partial class LogActionProvider(ILogger<LogActionProvider> logger) : ICleanupActionProvider
{
    public string Name => "log";

    public Task<CleanupStepResult> ExecuteAsync(CleanupStep step, CancellationToken cancellationToken)
    {
        Logged(logger, step.Action, step.ResourceId, step.StepId);
        return Task.FromResult(CleanupStepResult.Ok($"logged {step.Action} of {step.ResourceId}", step.Action == CleanupAction.ScaleToZero ? step.Replicas : null));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Cleanup step {Action} on {Resource} ({StepId}) logged; the log provider changes nothing")]
    private static partial void Logged(ILogger logger, CleanupAction action, string resource, string stepId);
}
