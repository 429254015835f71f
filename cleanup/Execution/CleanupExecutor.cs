using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Insights.Analytics.Idle;
using Platform.Insights.Cleanup.Planning;
using Platform.Insights.Cleanup.Providers;
using Platform.Insights.Cleanup.Store;
using Polly;
using Polly.CircuitBreaker;

namespace Platform.Insights.Cleanup.Execution;

/// <summary>
/// Applies an approved plan's items (all, or one Hangfire batch). Before each item: the kill switch, then the finding is
/// read again (<see cref="IIdleFindings.GetAsync"/>) and skipped when gone or changed, the guardrails are re-checked,
/// dry-run items are only audited. Each step is keyed (plan/finding/action) and recorded started → done, so a job
/// Hangfire runs twice skips what is done; the owner is notified before every step; steps are paced and a circuit
/// breaker stops the run when too many fail.
/// </summary>
public sealed partial class CleanupExecutor
{
    /// <summary>A step started this long ago without an outcome is taken as abandoned (its worker died) and may run again.</summary>
    public static readonly TimeSpan StaleClaim = TimeSpan.FromHours(1);
    private static readonly HashSet<CleanupAction> SavingActions = [CleanupAction.Stop, CleanupAction.ScaleToZero, CleanupAction.Delete];
    private readonly IIdleFindings _findings;
    private readonly ICleanupStore _store;
    private readonly CleanupGuardrails _guardrails;
    private readonly CleanupApprovals _approvals;
    private readonly CleanupKillSwitch _kill;
    private readonly ICleanupActionProvider _provider;
    private readonly CleanupOptions _options;
    private readonly CleanupMeters _meters;
    private readonly TimeProvider _time;
    private readonly ILogger<CleanupExecutor> _logger;
    private readonly ResiliencePipeline<CleanupStepResult> _breaker;
    private readonly SemaphoreSlim _pace = new(1, 1);
    private DateTimeOffset _nextStepAt = DateTimeOffset.MinValue;

    public CleanupExecutor(IIdleFindings findings, ICleanupStore store, CleanupGuardrails guardrails, CleanupApprovals approvals, CleanupKillSwitch kill,
        ICleanupActionProvider provider, IOptions<CleanupOptions> options, CleanupMeters meters, TimeProvider time, ILogger<CleanupExecutor> logger)
    {
        (_findings, _store, _guardrails, _approvals, _kill, _provider, _options, _meters, _time, _logger) =
            (findings, store, guardrails, approvals, kill, provider, options.Value, meters, time, logger);
        _breaker = new ResiliencePipelineBuilder<CleanupStepResult> { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<CleanupStepResult>
            {
                FailureRatio = _options.BreakerFailureRatio,
                MinimumThroughput = _options.BreakerMinimumThroughput,
                SamplingDuration = _options.BreakerSamplingDuration,
                BreakDuration = _options.BreakerDuration,
                ShouldHandle = new PredicateBuilder<CleanupStepResult>().Handle<Exception>(e => e is not OperationCanceledException).HandleResult(r => !r.Succeeded),
            })
            .Build();
    }

    public string ProviderName => _provider.Name;

    public static string StepIdOf(string stepKey) => "stp_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(stepKey)))[..12];

    /// <summary>Applies items [<paramref name="from"/>, from + <paramref name="count"/>) of an approved plan.</summary>
    public async Task<CleanupRunResult> ApplyAsync(string planId, int from, int count, string actor, CancellationToken cancellationToken)
    {
        var plan = await _approvals.RequireApprovedAsync(planId, actor, cancellationToken);
        if (await _kill.ReasonAsync(cancellationToken) is { } killed)
        {
            await AuditAsync(new CleanupAuditEntry("refuse", planId, null, null, null, "killed", $"kill switch is on: {killed}", actor), cancellationToken);
            throw new CleanupRefusedException($"kill switch is on ({killed}); insights cleanup kill --release turns it off");
        }
        var now = _time.GetUtcNow();
        if (plan.Items.Any(i => i.Enforce) && !_options.BusinessHours.IsOpen(now))
        {
            await AuditAsync(new CleanupAuditEntry("refuse", planId, null, null, null, "outside_hours", $"outside the business-hours window {_options.BusinessHours.Describe()}", actor), cancellationToken);
            throw new CleanupRefusedException($"outside the business-hours window ({_options.BusinessHours.Describe()}); nothing was done");
        }
        var result = new CleanupRunResult(planId, 0, 0, 0, 0, false, false);
        foreach (var item in plan.Items.Skip(from).Take(count))
        {
            if (await _kill.ReasonAsync(cancellationToken) is { } stop)
            {
                await AuditAsync(new CleanupAuditEntry("skip", planId, item.FindingId, item.ResourceId, item.Action.ToString(), "killed",
                    $"kill switch engaged during the run ({stop}); item {item.Index} and the rest were not applied", actor), cancellationToken);
                _meters.Dropped("killed");
                return result with { Killed = true };
            }
            var outcome = await ApplyItemAsync(plan, item, actor, cancellationToken);
            result = outcome switch
            {
                ItemOutcome.Done => result with { Done = result.Done + 1 },
                ItemOutcome.DryRun => result with { DryRun = result.DryRun + 1 },
                ItemOutcome.Skipped => result with { Skipped = result.Skipped + 1 },
                ItemOutcome.Failed => result with { Failed = result.Failed + 1 },
                _ => result with { Failed = result.Failed + 1, BreakerOpen = true },
            };
            if (outcome == ItemOutcome.BreakerOpen)
            {
                break;
            }
        }
        RunFinished(_logger, planId, result.Done, result.DryRun, result.Skipped, result.Failed);
        return result;
    }

    private async Task<ItemOutcome> ApplyItemAsync(CleanupPlan plan, CleanupPlanItem item, string actor, CancellationToken cancellationToken)
    {
        // Whether the step is already done is decided by the atomic claim in RunStepAsync, not by an earlier read.
        var key = $"{plan.Id}/{item.FindingId}/{item.Action}";
        var current = await _findings.GetAsync(item.FindingId, cancellationToken);
        if (current is null)
        {
            return await SkipAsync(plan, item, "gone", "the finding no longer exists (the resource is active again or gone)", actor, null, cancellationToken);
        }
        var evidence = CleanupPlanner.Evidence(current);
        if (FindingFingerprint.Of(current) != item.Fingerprint)
        {
            return await SkipAsync(plan, item, "changed", $"the finding changed since planning (now {current.State}, actionable {current.Actionable}, rule {current.RuleVersion}); plan again", actor, evidence, cancellationToken);
        }
        if (!current.Actionable)
        {
            return await SkipAsync(plan, item, "not_actionable", $"{current.State} is not actionable", actor, evidence, cancellationToken);
        }
        if ((_guardrails.Protection(current) ?? _guardrails.IacManaged(current)) is { } guard)
        {
            return await SkipAsync(plan, item, "guardrail", guard, actor, evidence, cancellationToken);
        }
        if (!item.Enforce)
        {
            await AuditAsync(new CleanupAuditEntry("step", plan.Id, item.FindingId, item.ResourceId, item.Action.ToString(), "dry_run",
                $"dry-run: would {item.Action} {item.ResourceId}; no provider called", actor, evidence), cancellationToken);
            _meters.Step(item.Action.ToString(), "dry_run");
            return ItemOutcome.DryRun;
        }
        if (item.Action != CleanupAction.Notify)
        {
            // The owner hears about every step before it happens, not only at the ladder's first rung.
            var notice = await RunStepAsync(plan, item, key + "/notice", CleanupAction.Notify, $"about to {item.Action} {item.ResourceId}: {item.Reason}", actor, evidence, cancellationToken);
            if (notice != ItemOutcome.Done)
            {
                return notice;
            }
        }
        return await RunStepAsync(plan, item, key, item.Action, item.Reason, actor, evidence, cancellationToken);
    }

    private async Task<ItemOutcome> RunStepAsync(CleanupPlan plan, CleanupPlanItem item, string key, CleanupAction action, string reason, string actor, string evidence, CancellationToken cancellationToken)
    {
        await PaceAsync(cancellationToken);
        var stepId = StepIdOf(key);
        var step = new CleanupStep(stepId, key, plan.Id, item.FindingId, item.ResourceId, item.ResourceType, item.Team, item.Environment, item.Namespace, action, item.Replicas, reason);
        switch (await _store.ClaimStepAsync(Record(step, item, "started", null, null), StaleClaim, cancellationToken))
        {
            case CleanupStepClaim.Done:
                return action == item.Action
                    ? await SkipAsync(plan, item, "already_done", $"step {stepId} is already done (a job ran twice); not repeated", actor, evidence, cancellationToken)
                    : ItemOutcome.Done;
            case CleanupStepClaim.InProgress:
                return await SkipAsync(plan, item, "in_progress", $"step {stepId} is being run by another worker; not started twice", actor, evidence, cancellationToken);
        }
        CleanupStepResult result;
        try
        {
            result = await _breaker.ExecuteAsync(async ct => await _provider.ExecuteAsync(step, ct), cancellationToken);
        }
        catch (BrokenCircuitException e)
        {
            await RecordAsync(step, item, "failed", null, "circuit breaker open", cancellationToken);
            await AuditAsync(new CleanupAuditEntry("step", plan.Id, item.FindingId, item.ResourceId, action.ToString(), "breaker_open",
                $"too many failed steps: the circuit breaker stopped the run ({e.Message})", actor, evidence), cancellationToken);
            _meters.Dropped("breaker_open");
            return ItemOutcome.BreakerOpen;
        }
        catch (OperationCanceledException)
        {
            // Stopped mid-step (the host shuts down): the outcome is unknown, so the step is left failed — claimable by the
            // retry — and the claim is ended here rather than left to the process's exit.
            try
            {
                await RecordAsync(step, item, "failed", null, "cancelled mid-step; outcome unknown, the retry runs it again", CancellationToken.None);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The store is going down with the host: the claim ends with the process (PostgreSQL) or goes stale (DuckDB).
                StepFailed(_logger, action, item.ResourceId, $"cancelled, and not recorded: {e.Message}");
            }
            throw;
        }
        catch (Exception e)
        {
            result = CleanupStepResult.Failed($"{e.GetType().Name}: {e.Message}");
        }
        await RecordAsync(step, item, result.Succeeded ? "done" : "failed", result, result.Detail, cancellationToken);
        await AuditAsync(new CleanupAuditEntry("step", plan.Id, item.FindingId, item.ResourceId, action.ToString(), result.Succeeded ? "done" : "failed",
            $"{step.StepId} via {_provider.Name}: {result.Detail}", actor, evidence), cancellationToken);
        _meters.Step(action.ToString(), result.Succeeded ? "done" : "failed");
        if (!result.Succeeded)
        {
            _meters.Error();
            StepFailed(_logger, action, item.ResourceId, result.Detail);
        }
        return result.Succeeded ? ItemOutcome.Done : ItemOutcome.Failed;
    }

    private Task RecordAsync(CleanupStep step, CleanupPlanItem item, string phase, CleanupStepResult? result, string? detail, CancellationToken cancellationToken) =>
        _store.RecordStepAsync(Record(step, item, phase, result, detail), cancellationToken);

    private CleanupStepRecord Record(CleanupStep step, CleanupPlanItem item, string phase, CleanupStepResult? result, string? detail)
    {
        var saves = phase == "done" && SavingActions.Contains(step.Action);
        return new CleanupStepRecord(step.StepId, step.StepKey, phase, _time.GetUtcNow().UtcDateTime, step.PlanId, step.FindingId,
            step.ResourceId, step.ResourceType, step.Team, step.Action.ToString(), _provider.Name,
            step.Action == CleanupAction.ScaleToZero ? result?.PreviousReplicas : null,
            saves ? item.MonthlySavings : null, saves ? item.Currency : null, detail);
    }

    private async Task<ItemOutcome> SkipAsync(CleanupPlan plan, CleanupPlanItem item, string outcome, string detail, string actor, string? evidence, CancellationToken cancellationToken)
    {
        await AuditAsync(new CleanupAuditEntry("skip", plan.Id, item.FindingId, item.ResourceId, item.Action.ToString(), outcome, detail, actor, evidence), cancellationToken);
        _meters.Dropped(outcome);
        return ItemOutcome.Skipped;
    }

    private Task AuditAsync(CleanupAuditEntry entry, CancellationToken cancellationToken) => _store.AppendAuditAsync(entry, cancellationToken);

    /// <summary>Spaces steps <c>60 / StepsPerMinute</c> seconds apart across runs (on the injected clock).</summary>
    private async Task PaceAsync(CancellationToken cancellationToken)
    {
        if (_options.StepsPerMinute == 0)
        {
            return;
        }
        await _pace.WaitAsync(cancellationToken);
        try
        {
            var now = _time.GetUtcNow();
            if (_nextStepAt > now)
            {
                await Task.Delay(_nextStepAt - now, _time, cancellationToken);
                now = _nextStepAt;
            }
            _nextStepAt = now + TimeSpan.FromMinutes(1.0 / _options.StepsPerMinute);
        }
        finally
        {
            _pace.Release();
        }
    }

    private enum ItemOutcome
    {
        Done,
        DryRun,
        Skipped,
        Failed,
        BreakerOpen,
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cleanup plan {PlanId} applied: {Done} done, {DryRun} dry-run, {Skipped} skipped, {Failed} failed")]
    private static partial void RunFinished(ILogger logger, string planId, int done, int dryRun, int skipped, int failed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cleanup step {Action} on {Resource} failed: {Detail}")]
    private static partial void StepFailed(ILogger logger, CleanupAction action, string resource, string detail);
}
