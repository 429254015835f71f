namespace Platform.Insights.Dashboards.Publishing;

/// <summary>A publish run: the folder (<see cref="FolderOutcome"/> <c>Created</c>, <c>Unchanged</c> or <c>WouldCreate</c>)
/// and each dashboard's result.</summary>
public sealed record PublishReport(string FolderUid, string FolderTitle, PublishOutcome FolderOutcome, IReadOnlyList<PublishedDashboard> Dashboards)
{
    public bool Failed => Dashboards.Any(d => d.Outcome == PublishOutcome.Failed);
}
