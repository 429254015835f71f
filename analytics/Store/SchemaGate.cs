namespace Platform.Insights.Analytics.Store;

/// <summary>
/// Runs a store's create-if-missing schema step once per store instance, for tables a component creates on first use
/// rather than through the numbered migrations (the idle runs, cleanup's tables): the first caller runs it, callers
/// arriving meanwhile wait for it, later ones return at once. A step that throws is not marked done: the next caller
/// tries again.
/// </summary>
public sealed class SchemaGate
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _ready;

    public async Task EnsureAsync(Func<CancellationToken, Task> create, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(create);
        if (_ready)
        {
            return;
        }
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!_ready)
            {
                await create(cancellationToken);
                _ready = true;
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}
