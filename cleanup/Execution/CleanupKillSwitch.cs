using System.Text.Json;
using Microsoft.Extensions.Options;
using Platform.Insights.Cleanup.Store;

namespace Platform.Insights.Cleanup.Execution;

/// <summary>
/// Stops cleanup: on when <c>Insights:Cleanup:KillSwitch</c> is true or the cleanup store's run-time switch is engaged —
/// embedded, the file <c>cleanup.kill</c> in the data directory (so <c>insights cleanup kill</c> works even while a server
/// holds the store); in a cluster, one PostgreSQL row, so a switch engaged through any silo stops every silo's workers.
/// A run in progress reads it again before each item.
/// </summary>
public sealed class CleanupKillSwitch(IOptions<CleanupOptions> options, ICleanupStore store, TimeProvider time)
{
    public const string FileName = "cleanup.kill";

    /// <summary>Why it is on (configuration, or who engaged it and why), or null when off.</summary>
    public async Task<string?> ReasonAsync(CancellationToken cancellationToken) =>
        options.Value.KillSwitch ? $"{CleanupOptions.Section}:KillSwitch is true" : await store.KillSwitchAsync(cancellationToken);

    public async Task<bool> EngagedAsync(CancellationToken cancellationToken) => await ReasonAsync(cancellationToken) is not null;

    public async Task EngageAsync(string actor, string reason, CancellationToken cancellationToken)
    {
        var text = JsonSerializer.Serialize(new { at = time.GetUtcNow().UtcDateTime, by = actor, reason }, CleanupJson.Options);
        await store.SetKillSwitchAsync(text, cancellationToken);
        await store.AppendAuditAsync(new CleanupAuditEntry("kill", null, null, null, null, "engaged", reason, actor), cancellationToken);
    }

    /// <summary>Releases the run-time switch; the configuration switch stays until configuration changes.</summary>
    public async Task<bool> ReleaseAsync(string actor, CancellationToken cancellationToken)
    {
        var existed = await store.SetKillSwitchAsync(null, cancellationToken);
        await store.AppendAuditAsync(new CleanupAuditEntry("kill", null, null, null, null, "released", existed ? "kill switch released" : "kill switch was not engaged", actor), cancellationToken);
        return !options.Value.KillSwitch;
    }
}
