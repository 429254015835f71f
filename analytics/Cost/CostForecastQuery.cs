using Microsoft.Extensions.Options;
using Platform.Insights.Analytics.Store;

namespace Platform.Insights.Analytics.Cost;

/// <summary>
/// Month-to-date spend and the forecast to month end with a 90 % band, per team, service or overall and currency:
/// <c>Cost/cost_forecast.sql</c> + <see cref="MonthEndProjection"/>. 'As of' is the last complete day with data
/// (<see cref="BillingDataEnd"/>), so old exports forecast the month they end in. With two weeks or more of trailing
/// days the forecast follows each weekday's own mean (<see cref="MonthEndProjection.ByWeekday"/>), otherwise the flat
/// daily mean.
/// </summary>
public sealed class CostForecastQuery(InsightsDatabase database, CostAllocation allocation, BillingDataEnd dataEnd, IOptions<CostKpiOptions> options)
{
    /// <param name="by">Team or Service (or another dimension); null = one group, <c>(all)</c>.</param>
    /// <param name="asOf">The last day counted; null = <see cref="BillingDataEnd.LastCompleteDayAsync"/>.</param>
    public async Task<IReadOnlyList<CostForecastRow>> ForecastAsync(CostDimension? by, CostBasis basis, string? team, DateOnly? asOf, CancellationToken cancellationToken)
    {
        if ((asOf ?? await dataEnd.LastCompleteDayAsync(cancellationToken)) is not { } through)
        {
            return [];
        }
        var monthStart = new DateOnly(through.Year, through.Month, 1);
        var remaining = DateTime.DaysInMonth(through.Year, through.Month) - through.Day;
        var trailingStart = through.AddDays(1 - options.Value.ForecastTrailingDays);
        var group = by is { } d ? CostDimensions.ExpressionOf(d) : "'" + CostTrendQuery.AllGroup + "'";

        using var connection = allocation.OpenReader(database);
        using var command = connection.CreateCommand();
        command.CommandText = StoreSql.Load("Cost/cost_forecast.sql")
            .Replace("/*GROUP*/", group, StringComparison.Ordinal)
            .Replace("/*COST*/", CostSql.ColumnOf(basis), StringComparison.Ordinal);
        command.Parameters.Add(CostSql.Time("month_start", CostSql.Midnight(monthStart)));
        command.Parameters.Add(CostSql.Time("trailing_start", CostSql.Midnight(trailingStart)));
        command.Parameters.Add(CostSql.Time("through_end", CostSql.Midnight(through.AddDays(1))));
        command.Parameters.Add(CostSql.Text("team", team));
        command.Parameters.Add(allocation.RulesParameter());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<CostForecastRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var mtd = CostSql.Decimal(reader, 2);
            var mean = CostSql.Double(reader, 3);
            var days = reader.GetInt64(5);
            var weekdays = WeekdayProfile.Of(
                reader.IsDBNull(6) ? null : reader.GetFieldValue<List<double>>(6),
                reader.IsDBNull(7) ? null : reader.GetFieldValue<List<long>>(7),
                CostSql.Double(reader, 8));
            var projection = weekdays is not null
                ? MonthEndProjection.ByWeekday(mtd, weekdays, through)
                : MonthEndProjection.Of(mtd, mean, CostSql.Double(reader, 4), days, remaining);
            rows.Add(new CostForecastRow(reader.GetString(0), reader.GetString(1), through, monthStart, remaining, mtd,
                mean is { } m && double.IsFinite(m) ? decimal.Round((decimal)m, 6, MidpointRounding.AwayFromZero) : null,
                (int)days, projection.Forecast, projection.Low, projection.High, weekdays));
        }
        return rows;
    }
}
