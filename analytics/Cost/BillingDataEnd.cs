using Platform.Insights.Analytics.Store;

namespace Platform.Insights.Analytics.Cost;

/// <summary>
/// "As of" for the cost KPIs: the last complete day, which is yesterday (UTC, from the injected <see cref="TimeProvider"/>)
/// unless the billing data ends earlier (old exports), then the last day with data: <c>Cost/billing_data_end.sql</c>.
/// </summary>
public sealed class BillingDataEnd(InsightsDatabase database, TimeProvider time)
{
    /// <summary>The last complete day with data, or null when no billing is stored.</summary>
    public async Task<DateOnly?> LastCompleteDayAsync(CancellationToken cancellationToken)
    {
        using var connection = database.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = StoreSql.Load("Cost/billing_data_end.sql");
        var value = await command.ExecuteScalarAsync(cancellationToken);
        if (value is null or DBNull)
        {
            return null;
        }
        var last = value switch
        {
            DateOnly d => d,
            DateTime d => DateOnly.FromDateTime(d),
            _ => DateOnly.FromDateTime(Convert.ToDateTime(value, System.Globalization.CultureInfo.InvariantCulture)),
        };
        var yesterday = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddDays(-1);
        return last < yesterday ? last : yesterday;
    }
}
