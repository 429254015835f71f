using System.Text.Json;
using Microsoft.Extensions.Options;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Cleanup.Store;

namespace Platform.Insights.Cleanup.Execution;

/// <summary>
/// Stops cleanup: on when <c>Insights:Cleanup:KillSwitch</c> is true or the file <c>cleanup.kill</c> exists in the data
/// directory. A file, so <c>insights cleanup kill</c> works even while a server holds the store, and a run in progress
/// sees it before its next step.
/// </summary>
public sealed class CleanupKillSwitch(IOptions<CleanupOptions> options, InsightsDatabase database, ICleanupStore store, TimeProvider time)
{
    public const string FileName = "cleanup.kill";

    public string FilePath => Path.Combine(database.Directory, FileName);

    public bool Engaged => options.Value.KillSwitch || File.Exists(FilePath);

    /// <summary>Why it is on (configuration or who engaged it), or null when off.</summary>
    public string? Reason => options.Value.KillSwitch ? $"{CleanupOptions.Section}:KillSwitch is true"
        : File.Exists(FilePath) ? File.ReadAllText(FilePath).Trim() : null;

    public async Task EngageAsync(string actor, string reason, CancellationToken cancellationToken)
    {
        var text = JsonSerializer.Serialize(new { at = time.GetUtcNow().UtcDateTime, by = actor, reason }, CleanupJson.Options);
        await File.WriteAllTextAsync(FilePath, text, cancellationToken);
        await store.AppendAuditAsync(new CleanupAuditEntry("kill", null, null, null, null, "engaged", reason, actor), cancellationToken);
    }

    /// <summary>Releases the run-time switch; the configuration switch stays until configuration changes.</summary>
    public async Task<bool> ReleaseAsync(string actor, CancellationToken cancellationToken)
    {
        var existed = File.Exists(FilePath);
        File.Delete(FilePath);
        await store.AppendAuditAsync(new CleanupAuditEntry("kill", null, null, null, null, "released", existed ? "kill switch file removed" : "kill switch was not engaged", actor), cancellationToken);
        return !options.Value.KillSwitch;
    }
}
