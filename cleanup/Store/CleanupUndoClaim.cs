namespace Platform.Insights.Cleanup.Store;

/// <summary>
/// The answer to an undo claim: the outcome, and for <see cref="CleanupUndoClaimOutcome.InProgress"/>,
/// <see cref="CleanupUndoClaimOutcome.Resumed"/> and <see cref="CleanupUndoClaimOutcome.Undone"/> who undid (or left the
/// undo) and since when, so a refusal can say "being undone by silo X since T".
/// </summary>
public sealed record CleanupUndoClaim(CleanupUndoClaimOutcome Outcome, string? Owner = null, DateTime? Since = null);
