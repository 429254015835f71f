using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Insights.Analytics.Idle;
using Platform.Insights.Cleanup.Execution;
using Platform.Insights.Cleanup.Planning;
using Platform.Insights.Cleanup.Policies;

namespace Platform.Insights.Cleanup.Jobs;

/// <summary>
/// The Hangfire jobs: a recurring plan per policy schedule, and apply batches. Hangfire retries a batch that had failed
/// steps; the step keys make the retry skip what is done. Refusals (kill switch, expired approval, hours) are final.
/// </summary>
public sealed partial class CleanupJobs(IServiceProvider services, CleanupPolicySet policies, CleanupMeters meters, ILogger<CleanupJobs> logger)
{
    public const string Actor = "job";

    [AutomaticRetry(Attempts = 0)]
    public async Task PlanPolicyAsync(string policy, CancellationToken cancellationToken)
    {
        if (services.GetService<IIdleFindings>() is null)
        {
            NoDetector(logger, policy);
            return;
        }
        var found = policies.Find(policy);
        if (found is null)
        {
            return;
        }
        var plan = await services.GetRequiredService<CleanupPlanner>().PlanAsync(found, "schedule", cancellationToken);
        Planned(logger, policy, plan.Id, plan.Items.Count, plan.Hash[..12]);
    }

    [AutomaticRetry(Attempts = 5, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    public async Task<string> ApplyBatchAsync(string planId, int from, int count, CancellationToken cancellationToken)
    {
        CleanupRunResult result;
        try
        {
            result = await services.GetRequiredService<CleanupExecutor>().ApplyAsync(planId, from, count, Actor, cancellationToken);
        }
        catch (CleanupRefusedException e)
        {
            Refused(logger, planId, e.Message);
            return "refused: " + e.Message;
        }
        if (result.Failed > 0 && !result.Killed)
        {
            meters.Error();
            throw new CleanupBatchFailedException($"plan {planId} items {from}..{from + count - 1}: {result.Failed} steps failed{(result.BreakerOpen ? " (circuit breaker open)" : "")}; Hangfire retries, done steps are skipped");
        }
        return $"{result.Done} done, {result.DryRun} dry-run, {result.Skipped} skipped{(result.Killed ? ", stopped by the kill switch" : "")}";
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cleanup policy {Policy} not planned: no idle detector registered (IIdleFindings)")]
    private static partial void NoDetector(ILogger logger, string policy);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cleanup policy {Policy} planned {PlanId}: {Items} items, hash {Hash}; waiting for approval")]
    private static partial void Planned(ILogger logger, string policy, string planId, int items, string hash);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cleanup plan {PlanId} refused: {Reason}")]
    private static partial void Refused(ILogger logger, string planId, string reason);
}
