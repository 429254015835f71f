using DuckDB.NET.Data;
using Platform.Insights.Analytics.Lake;

namespace Platform.Insights.Analytics.Store;

/// <summary>
/// Cluster mode: a committing delivery's billing periods, as the committing transaction has them, become one new
/// publication in the lake (<c>Store/lake_billing_delivery.sql</c>), tagged with its own id and time and with the
/// delivery it belongs to: the <c>--delivery</c> name, or the publication's id when the delivery has none (a run's or a
/// lone file's own). Readers keep per period the delivery of the latest publication, and of it each part (import) as its
/// latest publication has it (<see cref="LakeViews"/>), so parts of one named delivery published by different silos
/// add up. Published before the local commit: if that commit then fails, the import is not recorded and its retry
/// publishes the same rows again in a later publication, which replaces this one — the lake never counts a part twice.
/// </summary>
internal static class LakeBillingPublication
{
    public static void Publish(DuckDBConnection connection, LakeWriter lake, string stagedJson, string? deliveryName)
    {
        var publication = lake.NextName("delivery-");
        using (var command = connection.CreateCommand())
        {
            command.CommandText = StoreSql.Load("Store/lake_billing_delivery.sql");
            command.Parameters.Add(new DuckDBParameter("staged", stagedJson));
            command.Parameters.Add(new DuckDBParameter("delivery_id", publication));
            command.Parameters.Add(new DuckDBParameter("delivery_key", deliveryName ?? publication));
            command.Parameters.Add(new DuckDBParameter("delivered_at", lake.Now.UtcDateTime));
            command.ExecuteNonQuery();
        }
        try
        {
            lake.Publish(lake.Stage(connection, LakeKind.Billing, "lake_billing"));
        }
        finally
        {
            using var drop = connection.CreateCommand();
            drop.CommandText = "DROP TABLE IF EXISTS lake_billing";
            drop.ExecuteNonQuery();
        }
    }
}
