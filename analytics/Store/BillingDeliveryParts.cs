using System.Text.Json;
using DuckDB.NET.Data;

namespace Platform.Insights.Analytics.Store;

/// <summary>
/// The parts of named deliveries (<c>billing_delivery_parts</c>, migration 003): which imports were parts of the
/// delivery given with <c>insights import billing --delivery NAME</c>, so the restatement of a later part keeps them.
/// </summary>
internal static class BillingDeliveryParts
{
    /// <summary>The delivery's import ids for the restatement: those given, the staged ones and the named delivery's earlier parts.</summary>
    public static string Members(DuckDBConnection connection, string? deliveryName, IReadOnlyList<string> stagedImportIds, IReadOnlyList<string> deliveryImportIds)
    {
        var members = new List<string>(deliveryImportIds.Union(stagedImportIds, StringComparer.Ordinal));
        if (deliveryName is not null)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT import_id FROM billing_delivery_parts WHERE delivery_name = $name ORDER BY import_id";
            command.Parameters.Add(new DuckDBParameter("name", deliveryName));
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                members.Add(reader.GetString(0));
            }
        }
        return JsonSerializer.Serialize(members.Distinct(StringComparer.Ordinal));
    }

    /// <summary>Records the staged imports as parts of the named delivery (nothing for an unnamed one), in the commit's transaction.</summary>
    public static void Record(DuckDBConnection connection, string? deliveryName, string stagedJson)
    {
        if (deliveryName is null)
        {
            return;
        }
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT OR REPLACE INTO billing_delivery_parts
            SELECT unnest(from_json($staged, '["VARCHAR"]')), $name
            """;
        command.Parameters.Add(new DuckDBParameter("staged", stagedJson));
        command.Parameters.Add(new DuckDBParameter("name", deliveryName));
        command.ExecuteNonQuery();
    }
}
