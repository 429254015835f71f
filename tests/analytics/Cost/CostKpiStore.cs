using Microsoft.Extensions.Time.Testing;
using Platform.Insights.Analytics.Cost;
using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Analytics.Tests.Cost;

/// <summary>
/// A real DuckDB store (<see cref="CostStore"/>) with every cost KPI query over it, configured by
/// <see cref="CostKpiOptions"/> and a <see cref="FakeTimeProvider"/> for "today".
/// </summary>
public sealed class CostKpiStore : IDisposable
{
    public static readonly DateTime Day0 = new(2024, 9, 1, 0, 0, 0, DateTimeKind.Utc);

    public CostKpiStore(CostKpiOptions? options = null, DateTimeOffset? now = null, CostAllocationOptions? allocation = null)
    {
        Store = new CostStore(allocation);
        Time = new FakeTimeProvider(now ?? new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero));
        var kpis = Microsoft.Extensions.Options.Options.Create(options ?? new CostKpiOptions());
        DataEnd = new BillingDataEnd(Store.Database, Time);
        Trend = new CostTrendQuery(Store.Database, Store.Allocation);
        Change = new CostChangeQuery(Store.Database, Store.Allocation, kpis);
        Commitments = new CommitmentQuery(Store.Database, Store.Allocation);
        Forecast = new CostForecastQuery(Store.Database, Store.Allocation, DataEnd, kpis);
        Budgets = new BudgetQuery(Forecast, kpis);
        Anomalies = new CostAnomalyQuery(Store.Database, Store.Allocation, kpis);
        UnitCost = new UnitCostQuery(Store.Database, Store.Allocation, kpis);
        Hygiene = new CostHygieneQuery(Store.Database, Store.Allocation);
    }

    public CostStore Store { get; }

    public FakeTimeProvider Time { get; }

    public BillingDataEnd DataEnd { get; }

    public CostTrendQuery Trend { get; }

    public CostChangeQuery Change { get; }

    public CommitmentQuery Commitments { get; }

    public CostForecastQuery Forecast { get; }

    public BudgetQuery Budgets { get; }

    public CostAnomalyQuery Anomalies { get; }

    public UnitCostQuery UnitCost { get; }

    public CostHygieneQuery Hygiene { get; }

    /// <summary>One daily usage row of a team's service: <paramref name="day"/> days after <see cref="Day0"/>.</summary>
    public static FocusLineItem Daily(int day, decimal cost, string team, string service, string currency = "USD", decimal? effective = null)
    {
        var start = Day0.AddDays(day);
        var row = CostStore.Row(cost, $$"""{"team":"{{team}}","service":"{{service}}"}""", currency, start, effective);
        row.ChargePeriodEnd = start.AddDays(1);
        row.BillingPeriodStart = new DateTime(start.Year, start.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        row.BillingPeriodEnd = row.BillingPeriodStart.AddMonths(1);
        return row;
    }

    public static FocusLineItem With(FocusLineItem row, Action<FocusLineItem> change)
    {
        change(row);
        return row;
    }

    public Task AddAsync(IEnumerable<FocusLineItem> rows) => Store.AddAsync([.. rows.Select((r, i) => With(r, x => x.SourceLine = i + 2))]);

    /// <summary>Counter samples of one series: (service, metric, series id, time, value); the series row is added when new.</summary>
    public Task AddSamplesAsync(params (string Service, string Metric, ulong Series, DateTime At, double Value)[] samples) =>
        Store.Database.WriteAsync(connection =>
        {
            foreach (var s in samples)
            {
                using var command = connection.CreateCommand();
                command.CommandText = """
                    INSERT OR IGNORE INTO metric_series VALUES ($series, $service, $metric, '{}', $ts);
                    INSERT INTO metric_points VALUES ($series, $ts, $value);
                    """;
                command.Parameters.Add(new DuckDB.NET.Data.DuckDBParameter("service", s.Service));
                command.Parameters.Add(new DuckDB.NET.Data.DuckDBParameter("metric", s.Metric));
                command.Parameters.Add(new DuckDB.NET.Data.DuckDBParameter("series", s.Series));
                command.Parameters.Add(new DuckDB.NET.Data.DuckDBParameter("ts", DateTime.SpecifyKind(s.At, DateTimeKind.Unspecified)));
                command.Parameters.Add(new DuckDB.NET.Data.DuckDBParameter("value", s.Value));
                command.ExecuteNonQuery();
            }
        }, CancellationToken.None);

    public void Dispose() => Store.Dispose();
}
