namespace Platform.Insights.Reports;

/// <summary>
/// The swap of a re-run report's folder (files written into <c>ID.partial</c>, then <c>ID → ID.replaced</c> and
/// <c>ID.partial → ID</c>) and its repair after a process was killed in the middle. Between the two renames the listed
/// report has no folder, so whoever lists reports repairs first (<see cref="Repair"/>: the retired folder goes back, the
/// row still describes it), and generation starts by discarding an unfinished staging folder. One gate per process
/// orders swaps and repairs, so a listing never "repairs" a swap that is still running; the data directory lock keeps
/// other processes out.
/// </summary>
public sealed class ReportFolders : IDisposable
{
    public const string StagingSuffix = ".partial";
    public const string RetiredSuffix = ".replaced";
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Before a generation writes <c>ID.partial</c>: finishes or undoes what a killed run left behind.</summary>
    public async Task RecoverSwapAsync(string directory, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            RestoreRetired(directory);
            if (Directory.Exists(directory + RetiredSuffix))
            {
                Directory.Delete(directory + RetiredSuffix, recursive: true);
            }
            if (Directory.Exists(directory + StagingSuffix))
            {
                Directory.Delete(directory + StagingSuffix, recursive: true);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Puts the whole staged folder in place of <paramref name="directory"/>, keeping the old one as <c>ID.replaced</c>.</summary>
    public async Task SwapInAsync(string directory, CancellationToken cancellationToken)
    {
        // Not cancellable once started: half a swap is what this class exists to avoid.
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Move(directory, directory + RetiredSuffix);
            }
            Directory.Move(directory + StagingSuffix, directory);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Removes the retired folder once the new report's row is recorded.</summary>
    public async Task RetireAsync(string directory, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (Directory.Exists(directory + RetiredSuffix))
            {
                Directory.Delete(directory + RetiredSuffix, recursive: true);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// A listed report's folder: when a kill came between the two renames (no <c>ID</c>, an <c>ID.replaced</c>), the
    /// replaced folder — the one the history row describes — is moved back. Leaves a running generation's staging alone.
    /// </summary>
    public async Task RepairAsync(string directory, CancellationToken cancellationToken)
    {
        if (Directory.Exists(directory) || !Directory.Exists(directory + RetiredSuffix))
        {
            return;
        }
        await _gate.WaitAsync(cancellationToken);
        try
        {
            RestoreRetired(directory);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private static void RestoreRetired(string directory)
    {
        if (!Directory.Exists(directory) && Directory.Exists(directory + RetiredSuffix))
        {
            Directory.Move(directory + RetiredSuffix, directory);
        }
    }
}
