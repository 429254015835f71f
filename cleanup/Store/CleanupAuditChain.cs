using System.Security.Cryptography;
using System.Text;

namespace Platform.Insights.Cleanup.Store;

/// <summary>
/// The audit log's hash chain, the same in every store: each row's hash covers the previous row's hash and the row, so an
/// edited or removed row breaks every link after it.
/// </summary>
public static class CleanupAuditChain
{
    public const string Genesis = "genesis";

    /// <summary>
    /// The row's time, cut to whole microseconds: both stores keep microsecond timestamps, and the hash covers the ticks
    /// read back, so a 100 ns tick from the system clock would otherwise break the chain on verification.
    /// </summary>
    public static DateTime Now(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        var now = time.GetUtcNow().UtcDateTime;
        return new DateTime(now.Ticks - now.Ticks % 10, DateTimeKind.Utc);
    }

    public static string Hash(string previous, long seq, DateTime at, CleanupAuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var text = string.Join('\u001f', previous, seq, at.Ticks, entry.Kind, entry.PlanId, entry.FindingId, entry.ResourceId, entry.Action,
            entry.Outcome, entry.Detail, entry.Actor, entry.Evidence);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>The first seq of <paramref name="rows"/> (in seq order) whose hash does not follow, or null when intact.</summary>
    public static long? FirstBrokenLink(IEnumerable<CleanupAuditEntry> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var previous = Genesis;
        foreach (var row in rows)
        {
            if (Hash(previous, row.Seq, row.At, row) != row.Hash)
            {
                return row.Seq;
            }
            previous = row.Hash;
        }
        return null;
    }
}
