namespace Platform.Insights.Analytics.Uptime;

/// <summary>Ends a <see cref="IncidentQuery.Remember"/> scope: restores what was remembered outside it.</summary>
internal sealed class RememberScope(Action restore) : IDisposable
{
    private Action? _restore = restore;

    public void Dispose() => Interlocked.Exchange(ref _restore, null)?.Invoke();
}
