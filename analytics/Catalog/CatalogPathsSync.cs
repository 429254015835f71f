using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Insights.Ingest.Catalog;

namespace Platform.Insights.Analytics.Catalog;

/// <summary>
/// Keeps the store's catalog equal to the files under <c>Insights:Catalog:Paths</c>. Each read parses every file and
/// writes only when the parsed content changed: a changed file replaces its entities, a file gone from the paths takes
/// its entities with it, and a file that no longer parses keeps its last loaded entities (never a half catalog from a
/// mid-edit save). A duplicate name, across the files or with entities <c>insights catalog load</c> stored from
/// elsewhere, changes nothing until it is fixed. Each outcome is counted (<see cref="CatalogMeters"/>) and logged once
/// per change rather than at every interval.
/// </summary>
public sealed partial class CatalogPathsSync(CatalogStore store, IOptions<CatalogOptions> options, CatalogMeters meters, ILogger<CatalogPathsSync> logger)
{
    private string? _stored;
    private string? _lastProblem;

    public bool Enabled => options.Value.Paths.Count > 0;

    /// <summary>One read of the paths; <see cref="CatalogSyncOutcome.Unchanged"/> when they are not configured.</summary>
    public async Task<CatalogSyncOutcome> SyncAsync(CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return CatalogSyncOutcome.Unchanged;
        }
        // One caller (CatalogReloadService's start and then its loop, one after the other), so no lock.
        try
        {
            return await ReadAsync(cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            _stored = null;
            meters.Read(CatalogSyncOutcome.Failed, 0, null);
            throw;
        }
    }

    private async Task<CatalogSyncOutcome> ReadAsync(CancellationToken cancellationToken)
    {
        var roots = options.Value.Paths.Select(Path.GetFullPath).ToList();
        var set = CatalogSet.Load(roots);
        var problems = set.FileErrors.Select(e => e.ToString()).Concat(set.Conflicts.Select(c => c.Message)).ToList();
        if (set.Conflicts.Count > 0)
        {
            return Fail(problems, set.FileErrors.Count);
        }

        var failedFiles = set.FileErrors.Select(e => Path.GetFullPath(e.File)).ToHashSet(StringComparer.Ordinal);
        var content = Fingerprint(set, failedFiles);
        if (content == _stored)
        {
            ReportProblems(problems);
            meters.Read(CatalogSyncOutcome.Unchanged, set.FileErrors.Count, set.Services.Count);
            return CatalogSyncOutcome.Unchanged;
        }

        // Files stored from under these roots that are no longer there lose their entities in the same transaction.
        var loaded = set.LoadedFiles.Select(Path.GetFullPath).ToHashSet(StringComparer.Ordinal);
        var gone = (await store.SourceFilesAsync(cancellationToken))
            .Where(f => roots.Exists(r => Under(f, r)) && !loaded.Contains(f) && !failedFiles.Contains(f));
        var replaced = set.LoadedFiles.Concat(gone).ToList();
        var saved = await store.SaveAsync(replaced, set.Groups, set.Systems, set.Services, cancellationToken);
        if (!saved.Saved)
        {
            return Fail(problems.Concat(saved.Conflicts.Select(c => $"{c} (already loaded)")).ToList(), set.FileErrors.Count);
        }

        _stored = content;
        ReportProblems(problems);
        meters.Read(CatalogSyncOutcome.Loaded, set.FileErrors.Count, set.Services.Count);
        var paths = string.Join(", ", roots);
        Loaded(logger, paths, set.LoadedFiles.Count, set.Teams.Count, set.Services.Count, set.FileErrors.Count);
        return CatalogSyncOutcome.Loaded;
    }

    private CatalogSyncOutcome Fail(List<string> problems, int fileErrors)
    {
        // The content may be fixed back to what is stored: compare afresh then.
        _stored = null;
        ReportProblems(problems);
        meters.Read(CatalogSyncOutcome.Failed, fileErrors, null);
        return CatalogSyncOutcome.Failed;
    }

    private void ReportProblems(List<string> problems)
    {
        var text = string.Join("; ", problems);
        if (text.Length > 0 && text != _lastProblem)
        {
            NotLoaded(logger, text);
        }
        _lastProblem = text;
    }

    private static bool Under(string file, string root) =>
        file == root || file.StartsWith(root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>The parsed entities with their files and lines, so a moved or edited entity is a change and a touched file is not.</summary>
    private static string Fingerprint(CatalogSet set, IReadOnlySet<string> failedFiles)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(new
        {
            set.LoadedFiles,
            Failed = failedFiles.Order(StringComparer.Ordinal).ToList(),
            set.Groups,
            set.Systems,
            set.Services,
        });
        return Convert.ToHexString(SHA256.HashData(json));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Catalog loaded from {Paths}: {Files} files, {Teams} teams, {Services} services ({FileErrors} files with errors kept as last loaded)")]
    private static partial void Loaded(ILogger logger, string paths, int files, int teams, int services, int fileErrors);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Catalog paths not fully loaded; the store keeps the last loaded entities of what failed: {Problems}")]
    private static partial void NotLoaded(ILogger logger, string problems);
}
