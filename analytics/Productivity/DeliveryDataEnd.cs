using Platform.Insights.Analytics.Store;
using Platform.Insights.Analytics.Uptime;

namespace Platform.Insights.Analytics.Productivity;

/// <summary>
/// "As of" for the delivery KPIs: now (the injected <see cref="TimeProvider"/>), unless the stored events end earlier —
/// then the minute after the last event (<c>Productivity/delivery_data_end.sql</c>), so an old import reports the
/// window its data covers instead of an empty one.
/// </summary>
public sealed class DeliveryDataEnd(InsightsDatabase database, TimeProvider time)
{
    public async Task<(DateTime AsOf, bool DataEndsEarlier)> AsOfAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        using var connection = database.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = StoreSql.Load("Productivity/delivery_data_end.sql");
        var value = await command.ExecuteScalarAsync(cancellationToken);
        if (value is not DateTime last)
        {
            return (now, false);
        }
        var end = new DateTime(last.Ticks - (last.Ticks % TimeSpan.TicksPerMinute), DateTimeKind.Utc).AddMinutes(1);
        return end < now ? (end, true) : (now, false);
    }

    /// <summary>The reporting window: explicit [from, to), or a named one ending at <paramref name="to"/> / as of now or the data's end.</summary>
    public async Task<(UptimeWindow Window, DateTime AsOf, bool DataEndsEarlier)> WindowAsync(string window, DateTime? from, DateTime? to, CancellationToken cancellationToken)
    {
        var (asOf, early) = to is { } end ? (end, false) : await AsOfAsync(cancellationToken);
        var report = from is { } start ? new UptimeWindow("custom", start, asOf) : UptimeWindow.Ending(window, asOf);
        if (report.To <= report.From)
        {
            throw new ArgumentException("the window must end after it starts (--from before --to)");
        }
        return (report, asOf, early);
    }
}
