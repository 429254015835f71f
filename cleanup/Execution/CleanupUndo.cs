using Platform.Insights.Cleanup.Providers;
using Platform.Insights.Cleanup.Store;

namespace Platform.Insights.Cleanup.Execution;

/// <summary>
/// <c>insights cleanup undo STEP</c>: reverses a done reversible step — Stop by Start, ScaleToZero by restoring the replica
/// count stored when it ran. Snapshot, Verify and Delete are final (that is why delete comes after a verified snapshot).
/// The undo is claimed in the store first (<see cref="ICleanupStore.ClaimUndoAsync"/>: done → undoing, once across every
/// process sharing the store), so two undo requests — two API calls, two silos — run the reverse action once; the other
/// is refused naming who is undoing it. A failed or cancelled undo goes back to done (it may be tried again); one whose
/// process died stays undoing, listed by <c>cleanup status</c>, and the next undo request resumes it.
/// </summary>
public sealed class CleanupUndo(ICleanupStore store, ICleanupActionProvider provider, CleanupMeters meters, TimeProvider time)
{
    public async Task<CleanupStepResult> UndoAsync(string stepId, string actor, CancellationToken cancellationToken)
    {
        var rows = await store.StepAsync(stepId, cancellationToken);
        var done = rows.LastOrDefault(r => r.Phase == "done") ?? throw await RefuseAsync(stepId, rows.Count == 0 ? $"no step {stepId}" : $"step {stepId} is not done", actor, cancellationToken);
        if (rows.Any(r => r.Phase == "undone"))
        {
            throw await RefuseAsync(stepId, $"step {stepId} is already undone", actor, cancellationToken);
        }
        var action = Enum.Parse<CleanupAction>(done.Action);
        var reverse = action switch
        {
            CleanupAction.Stop => CleanupAction.Start,
            CleanupAction.ScaleToZero => CleanupAction.RestoreReplicas,
            _ => throw await RefuseAsync(stepId, $"{action} cannot be undone (only stop and scale_to_zero are reversible)", actor, cancellationToken),
        };
        if (reverse == CleanupAction.RestoreReplicas && done.PreviousReplicas is null)
        {
            throw await RefuseAsync(stepId, "the replica count before scaling to zero is unknown; restore it by hand", actor, cancellationToken);
        }
        var undoing = done with { Phase = "undoing", At = time.GetUtcNow().UtcDateTime, Provider = provider.Name, MonthlySavings = null, Currency = null, Detail = $"{reverse} by {actor}" };
        var claim = await store.ClaimUndoAsync(undoing, cancellationToken);
        switch (claim.Outcome)
        {
            case CleanupUndoClaimOutcome.Undone:
                throw await RefuseAsync(stepId, $"step {stepId} is already undone{(claim.Owner is null ? "" : " by " + claim.Owner)}{(claim.Since is { } at ? $" (undo of {at:yyyy-MM-dd HH:mm:ss} UTC)" : "")}", actor, cancellationToken);
            case CleanupUndoClaimOutcome.InProgress:
                throw await RefuseAsync(stepId, $"step {stepId} is being undone by {claim.Owner}{Since(claim)}; not run twice", actor, cancellationToken);
            case CleanupUndoClaimOutcome.NotDone:
                throw await RefuseAsync(stepId, $"step {stepId} is not done", actor, cancellationToken);
            case CleanupUndoClaimOutcome.Resumed:
                await store.AppendAuditAsync(new CleanupAuditEntry("undo", done.PlanId, done.FindingId, done.ResourceId, reverse.ToString(), "resumed",
                    $"{stepId}: the undo left by {claim.Owner}{Since(claim)} (its process died mid-undo) is run again", actor), cancellationToken);
                break;
        }
        var item = (await store.GetPlanAsync(done.PlanId, cancellationToken))?.Items.FirstOrDefault(i => i.FindingId == done.FindingId);
        var step = new CleanupStep(CleanupExecutor.StepIdOf(done.StepKey + "/undo"), done.StepKey + "/undo", done.PlanId, done.FindingId, done.ResourceId,
            done.ResourceType, done.Team, item?.Environment, item?.Namespace, reverse, done.PreviousReplicas, $"undo of {done.StepId} ({action}) by {actor}");
        CleanupStepResult result;
        try
        {
            result = await provider.ExecuteAsync(step, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Cancelled mid-call: the outcome is unknown, so the undo goes back to done and may be run again (the providers'
            // reverse actions are idempotent: start a started VM, restore the same replica count).
            await store.RecordStepAsync(undoing with { Phase = "undo_failed", At = time.GetUtcNow().UtcDateTime, Detail = $"{reverse}: cancelled; outcome unknown" }, CancellationToken.None);
            throw;
        }
        catch (Exception e)
        {
            result = CleanupStepResult.Failed($"{e.GetType().Name}: {e.Message}");
        }
        await store.RecordStepAsync(undoing with
        {
            Phase = result.Succeeded ? "undone" : "undo_failed",
            At = time.GetUtcNow().UtcDateTime,
            Detail = $"{reverse}: {result.Detail}",
        }, cancellationToken);
        await store.AppendAuditAsync(new CleanupAuditEntry("undo", done.PlanId, done.FindingId, done.ResourceId, reverse.ToString(), result.Succeeded ? "undone" : "failed",
            $"{stepId} ({action}) → {reverse}{(done.PreviousReplicas is { } n && reverse == CleanupAction.RestoreReplicas ? $" to {n} replicas" : "")} via {provider.Name}: {result.Detail}", actor), cancellationToken);
        meters.Step(reverse.ToString(), result.Succeeded ? "done" : "failed");
        return result;
    }

    private static string Since(CleanupUndoClaim claim) => claim.Since is { } at ? $" since {at:yyyy-MM-dd HH:mm:ss} UTC" : "";

    private async Task<CleanupRefusedException> RefuseAsync(string stepId, string reason, string actor, CancellationToken cancellationToken)
    {
        await store.AppendAuditAsync(new CleanupAuditEntry("refuse", null, null, null, "undo", "refused", $"undo {stepId}: {reason}", actor), cancellationToken);
        return new CleanupRefusedException(reason);
    }
}
