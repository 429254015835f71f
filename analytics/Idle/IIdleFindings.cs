namespace Platform.Insights.Analytics.Idle;

/// <summary>
/// The idle-resource findings as of now. Cleanup depends only on this, so it can be tested with findings of its own
/// and re-checks every plan item with <see cref="GetAsync"/> right before acting.
/// </summary>
public interface IIdleFindings
{
    /// <summary>All findings matching the filter, ordered by monthly savings (unknown last), then id.</summary>
    Task<IReadOnlyList<IdleFinding>> ListAsync(IdleFindingFilter filter, CancellationToken cancellationToken);

    /// <summary>The current finding with this id, recomputed from the store; null when the resource no longer has it.</summary>
    Task<IdleFinding?> GetAsync(string id, CancellationToken cancellationToken);
}
