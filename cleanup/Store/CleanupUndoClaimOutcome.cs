namespace Platform.Insights.Cleanup.Store;

/// <summary>Where an undo request stands against the step's one undo claim.</summary>
public enum CleanupUndoClaimOutcome
{
    /// <summary>This caller moved the step done → undoing and runs the undo.</summary>
    Claimed,

    /// <summary>The step was left undoing by an owner that died mid-undo; this caller took it over and runs the undo again.</summary>
    Resumed,

    /// <summary>The step is undone already.</summary>
    Undone,

    /// <summary>A live owner (<see cref="CleanupUndoClaim.Owner"/>) is undoing the step right now.</summary>
    InProgress,

    /// <summary>The step is not done (never ran, failed, or its claim was abandoned): nothing to undo.</summary>
    NotDone,
}
