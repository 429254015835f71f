using System.Globalization;
using System.Text.Json;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Analytics.Uptime;

namespace Platform.Insights.Analytics.Idle;

/// <summary>
/// The idle-resource detector. A run reads each resource's statistics (<see cref="IdleStatisticsQuery"/>: hourly
/// <c>utilisation_rollup</c> and FOCUS billing), classifies them (<see cref="IdleClassifier"/>) and persists the
/// findings (<see cref="IdleRunStore"/>). Reads serve the latest complete run: recomputed first when the store's data
/// or the settings changed since (<see cref="IdleDataMark"/>) or the run is older than <c>MaxFindingAge</c> — except in the server, whose
/// <see cref="IdleRefreshService"/> recomputes in the background, where a run within the bound is served as it is.
/// A run past the bound that cannot be replaced is served stale: no finding of it is actionable.
/// "As of" is the current hour, or the hour after the last idle-metric sample when the data ends earlier.
/// </summary>
public sealed partial class IdleDetector(InsightsDatabase database, UtilisationQuery utilisation, IdleRunStore runs, TimeProvider time,
    IOptions<IdleOptions> options, IdleMeters meters, ILogger<IdleDetector> logger) : IIdleFindings
{
    private readonly SemaphoreSlim _refreshGate = new(1, 1);

    /// <summary>Set by <see cref="IdleRefreshService"/>: reads then never recompute a run that is within the bound.</summary>
    public bool RefreshedInBackground { get; set; }

    public async Task<IReadOnlyList<IdleFinding>> ListAsync(IdleFindingFilter filter, CancellationToken cancellationToken) =>
        (await CurrentFindingsAsync(filter, cancellationToken)).Findings;

    public async Task<IdleFinding?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var run = await CurrentAsync(cancellationToken);
        return await runs.FindingAsync(run.RunId, id, cancellationToken) is { } f ? Served(f, run) : null;
    }

    /// <summary>The run reads are served from, and its findings matching the filter in the contract's order.</summary>
    public async Task<(IdleRun Run, IReadOnlyList<IdleFinding> Findings)> CurrentFindingsAsync(IdleFindingFilter filter, CancellationToken cancellationToken)
    {
        var run = await CurrentAsync(cancellationToken);
        var findings = await runs.FindingsAsync(run.RunId, filter, cancellationToken);
        return (run, run.Stale ? [.. findings.Select(f => Served(f, run))] : findings);
    }

    /// <summary>
    /// The latest complete run if it is current (same data mark, within <c>MaxFindingAge</c>; in the server: within the
    /// bound), else a new run; when the new run fails, the latest run marked <see cref="IdleRun.Stale"/> if past the bound.
    /// </summary>
    public async Task<IdleRun> CurrentAsync(CancellationToken cancellationToken)
    {
        var latest = await runs.LatestAsync(cancellationToken);
        var bound = options.Value.MaxFindingAge;
        if (latest is not null && latest.AgeAt(Now) <= bound)
        {
            if (RefreshedInBackground ? latest.DataMark.StartsWith(Settings + "|", StringComparison.Ordinal) : await MarkOrNullAsync(cancellationToken) == latest.DataMark)
            {
                meters.Served("current", latest.AgeAt(Now));
                return latest;
            }
        }
        try
        {
            var run = await RefreshAsync(latest?.RunId, cancellationToken);
            meters.Served("recomputed", run.AgeAt(Now));
            return run;
        }
        catch (Exception e) when (latest is not null && !cancellationToken.IsCancellationRequested)
        {
            var stale = latest.AgeAt(Now) > bound;
            ServedAfterFailure(logger, latest.RunId, latest.StartedAt, stale, e);
            meters.Served(stale ? "stale" : "current", latest.AgeAt(Now));
            return latest with { Stale = stale };
        }
    }

    /// <summary>
    /// Computes and persists a new run, unless another caller completed one while this one waited (then that one is
    /// returned): one run at a time per process. <paramref name="seenRunId"/> is the latest run the caller saw.
    /// </summary>
    public async Task<IdleRun> RefreshAsync(string? seenRunId, CancellationToken cancellationToken)
    {
        await _refreshGate.WaitAsync(cancellationToken);
        try
        {
            if (await runs.LatestAsync(cancellationToken) is { } latest && latest.RunId != seenRunId && latest.AgeAt(Now) <= options.Value.MaxFindingAge)
            {
                return latest;
            }
            return await RunAsync(cancellationToken);
        }
        finally
        {
            _refreshGate.Release();
        }
    }

    /// <summary>Computes and persists a new run now, whatever the latest run is (<c>insights idle --recompute</c>).</summary>
    public async Task<IdleRun> RecomputeAsync(CancellationToken cancellationToken) =>
        await RefreshAsync((await runs.LatestAsync(cancellationToken))?.RunId, cancellationToken);

    /// <summary>Contract order: monthly savings descending (unknown last), then id.</summary>
    public static IReadOnlyList<IdleFinding> Order(IEnumerable<IdleFinding> findings) =>
        [.. findings.OrderBy(f => f.MonthlySavings is null).ThenByDescending(f => f.MonthlySavings ?? 0).ThenBy(f => f.Id, StringComparer.Ordinal)];

    /// <summary>The store's data mark now (<see cref="IdleDataMark"/>) and the "as of" it implies.</summary>
    public async Task<IdleDataMark> MarkAsync(CancellationToken cancellationToken)
    {
        var now = Now;
        var hour = new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerHour), DateTimeKind.Utc);
        using var connection = database.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = StoreSql.Load("Idle/idle_data_mark.sql");
        command.Parameters.Add(new DuckDBParameter("metrics", JsonSerializer.Serialize(options.Value.Metrics.RollupMetrics().Select(p => p.Value))));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var asOf = hour;
        if (!reader.IsDBNull(0))
        {
            var last = reader.GetDateTime(0);
            var after = new DateTime(last.Ticks - (last.Ticks % TimeSpan.TicksPerHour), DateTimeKind.Utc).AddHours(1);
            asOf = after < hour ? after : hour;
        }
        var counts = string.Join("|", Enumerable.Range(1, reader.FieldCount - 1).Select(i => Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)));
        return new IdleDataMark(asOf, string.Create(CultureInfo.InvariantCulture, $"{Settings}|{asOf:yyyy-MM-ddTHH}|{counts}"));
    }

    private async Task<string?> MarkOrNullAsync(CancellationToken cancellationToken)
    {
        try
        {
            return (await MarkAsync(cancellationToken)).Value;
        }
        catch (DuckDBException)
        {
            return null; // the run that follows fails the same way, and is counted and recorded as failed
        }
    }

    private async Task<IdleRun> RunAsync(CancellationToken cancellationToken)
    {
        var started = Now;
        var timestamp = time.GetTimestamp();
        var runId = "idr_" + started.ToString("yyyyMMddTHHmmssfff", CultureInfo.InvariantCulture) + "_" + Guid.NewGuid().ToString("N")[..8];
        string? mark = null;
        try
        {
            var current = await MarkAsync(cancellationToken);
            mark = current.Value;
            var classifier = new IdleClassifier(options.Value, current.AsOf);
            var stats = await new IdleStatisticsQuery(utilisation, options.Value).ReadAsync(current.AsOf, cancellationToken);
            IReadOnlyList<IdleFinding> findings = [.. stats.Select(classifier.Classify).Select(f => f with { RunId = runId, ComputedAt = started })];
            var run = new IdleRun(runId, started, Now, current.AsOf, mark, IdleClassifier.DefinitionVersion, findings.Count);
            await runs.SaveAsync(run, findings, options.Value.KeepRuns, cancellationToken);
            var elapsed = time.GetElapsedTime(timestamp);
            meters.Succeeded(elapsed, findings);
            RunCompleted(logger, runId, findings.Count, current.AsOf, elapsed.TotalSeconds);
            return run;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            meters.Failed(time.GetElapsedTime(timestamp));
            try
            {
                await runs.FailedAsync(runId, started, Now, mark, e.Message, cancellationToken);
            }
            catch (DuckDBException)
            {
                // The store that failed the run may refuse the record of it too; the failure is still counted and rethrown.
            }
            throw;
        }
    }

    /// <summary>A finding as served from <paramref name="run"/>: a stale run's findings are never actionable.</summary>
    private static IdleFinding Served(IdleFinding f, IdleRun run) => !run.Stale ? f : f with
    {
        Stale = true,
        Actionable = false,
        Recommendation = f.Recommendation + string.Create(CultureInfo.InvariantCulture,
            $" (stale: computed {run.StartedAt:yyyy-MM-dd HH:mm} UTC, past the staleness bound and not recomputed; not actionable)"),
    };

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>
    /// Hash of every <c>Insights:Idle</c> setting, first in the data mark: a run computed under other windows, thresholds
    /// or metrics (a restart with new configuration, a data directory copied from elsewhere) is never served as current.
    /// </summary>
    private string Settings => _settings ??= Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
        JsonSerializer.SerializeToUtf8Bytes(options.Value)))[..12];

    private string? _settings;

    [LoggerMessage(Level = LogLevel.Information, Message = "Idle detection run {RunId}: {Findings} findings as of {AsOf:u} in {Seconds:0.0} s")]
    private static partial void RunCompleted(ILogger logger, string runId, int findings, DateTime asOf, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Idle detection failed; serving run {RunId} computed {StartedAt:u} (stale: {Stale})")]
    private static partial void ServedAfterFailure(ILogger logger, string runId, DateTime startedAt, bool stale, Exception exception);
}
