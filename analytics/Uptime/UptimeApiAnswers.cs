using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Insights.Analytics.Lake;
using Platform.Insights.Analytics.Query;
using Platform.Insights.Analytics.Store;

namespace Platform.Insights.Analytics.Uptime;

/// <summary>
/// The uptime API's answers (<c>/api/v1/kpi/uptime</c>, <c>/api/v1/incidents</c>) through <see cref="AnswerSnapshots{TKey, TValue}"/>:
/// computed by <see cref="UptimeKpiQuery"/> and <see cref="IncidentQuery"/> as before, but a read is answered at once from a
/// snapshot younger than <c>Insights:Uptime:ApiServeStaleFor</c> while a recompute known to be late runs, and otherwise waits
/// at most <c>ApiWait</c> for it, so leadership and Grafana reads stay responsive while ingest saturates the store (RELIABILITY.md
/// §5.6, §5.10). At most <c>ApiMaxConcurrentRecomputes</c> recomputes of both endpoints run at once (§5.12). Each question is keyed by every parameter
/// and by the caller's team limit: a team-limited token is never served a snapshot computed for anyone else.
/// </summary>
public sealed partial class UptimeApiAnswers : IDisposable
{
    private readonly UptimeKpiQuery _kpis;
    private readonly IncidentQuery _incidents;
    private readonly SliDataEnd _dataEnd;
    private readonly AnswerSnapshots<KpiQuestion, UptimeReport> _kpiAnswers;
    private readonly AnswerSnapshots<IncidentQuestion, IReadOnlyList<Incident>> _incidentAnswers;

    public UptimeApiAnswers(
        UptimeKpiQuery kpis, IncidentQuery incidents, SliDataEnd dataEnd, InsightsDatabase database, IOptions<UptimeKpiOptions> options,
        TimeProvider time, KpiAnswerMeters meters, RecomputeTurns turns, ILogger<UptimeApiAnswers> logger)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(meters);
        _kpis = kpis;
        _incidents = incidents;
        _dataEnd = dataEnd;
        var o = options.Value;
        var policy = new AnswerSnapshotOptions(o.ApiFreshFor, o.ApiWait, o.ApiMaxAge, o.ApiSnapshots, o.ApiServeStaleFor);
        var changes = Changes(database);
        _kpiAnswers = new(policy, time, changes, answer => meters.Served("uptime", answer), e => Failed(logger, meters, "uptime", e), took => meters.Computed("uptime", took),
            turns);
        _incidentAnswers = new(policy, time, changes, answer => meters.Served("incidents", answer), e => Failed(logger, meters, "incidents", e),
            took => meters.Computed("incidents", took), turns);
    }

    /// <summary>As <see cref="UptimeKpiQuery.ComputeAsync"/>, from the last snapshot when its recompute is late.</summary>
    public Task<AnswerSnapshot<UptimeReport>> KpisAsync(UptimeScope scope, string? name, string window, DateTime? from, DateTime? to, string? team, CancellationToken cancellationToken) =>
        _kpiAnswers.GetAsync(new KpiQuestion(scope, name, window, from, to, team),
            token => _kpis.ComputeAsync(scope, name, window, from, to, team, token), cancellationToken);

    /// <summary>Incidents started in [from, to); defaults: to = the SLI data's "as of", from = 30 days before it.</summary>
    public Task<AnswerSnapshot<IReadOnlyList<Incident>>> IncidentsAsync(DateTime? from, DateTime? to, string? service, string? team, CancellationToken cancellationToken) =>
        _incidentAnswers.GetAsync(new IncidentQuestion(from, to, service, team), async token =>
        {
            var asOf = to ?? (await _dataEnd.AsOfAsync(token)).AsOf;
            return await _incidents.StartedInAsync(from ?? asOf.AddDays(-30), asOf, service, team, token);
        }, cancellationToken);

    /// <summary>
    /// What changes when the SLIs and incident events an answer read may have changed: this process's store writes and, in
    /// cluster mode, the lake's live metric and log files, which other silos write (public for the tests).
    /// </summary>
    public static Func<long> Changes(InsightsDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        if (database.Lake is not { } lake)
        {
            return () => database.Writes;
        }
        IReadOnlyList<LakeKind> read = [LakeKind.Metrics, LakeKind.Series, LakeKind.Logs];
        return () => HashCode.Combine(database.Writes, lake.Version(read));
    }

    public void Dispose()
    {
        _kpiAnswers.Dispose();
        _incidentAnswers.Dispose();
    }

    private static void Failed(ILogger logger, KpiAnswerMeters meters, string endpoint, Exception e)
    {
        meters.Failed(endpoint);
        LogRecomputeFailed(logger, endpoint, e);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "An {Endpoint} API answer could not be computed; the last snapshot, if any, is served until one is")]
    private static partial void LogRecomputeFailed(ILogger logger, string endpoint, Exception exception);

    private readonly record struct KpiQuestion(UptimeScope Scope, string? Name, string Window, DateTime? From, DateTime? To, string? Team);

    private readonly record struct IncidentQuestion(DateTime? From, DateTime? To, string? Service, string? Team);
}
