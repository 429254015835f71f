namespace Platform.Insights.Reports.Tests.Support;

/// <summary>
/// Two teams over weeks 2026-W46 and W47: web (team a) down 12 minutes in W47 and 7 minutes in W46, db (team b) down
/// 3 minutes in W47; billing from late September: a at 100/day then 130/day from W47, b at 50/day; baseline 1-15 Oct.
/// </summary>
public static class Seed
{
    public static readonly DateTime W46 = new(2026, 11, 9, 0, 0, 0, DateTimeKind.Utc);
    public static readonly DateTime W47 = new(2026, 11, 16, 0, 0, 0, DateTimeKind.Utc);
    public static readonly DateTime W48 = new(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc);

    public static Dictionary<string, string?> Baseline => new()
    {
        ["Insights:Cost:Baseline:From"] = "2026-10-01",
        ["Insights:Cost:Baseline:To"] = "2026-10-15",
    };

    public static async Task UptimeAsync(ReportStore store)
    {
        await store.CatalogAsync("web", "a");
        await store.CatalogAsync("db", "b");
        await store.ProbeAsync("web", W46, W48, (W47.AddDays(2).AddHours(10), TimeSpan.FromMinutes(12)), (W46.AddDays(2).AddHours(8), TimeSpan.FromMinutes(7)));
        await store.ProbeAsync("db", W46, W48, (W47.AddDays(3).AddHours(3), TimeSpan.FromMinutes(3)));
    }

    public static async Task BillingAsync(ReportStore store)
    {
        var from = new DateTime(2026, 9, 28, 0, 0, 0, DateTimeKind.Utc);
        await store.BillingAsync(from, W48, ("a", "web", day => day >= W47 ? 130m : 100m), ("b", "db", _ => 50m));
    }
}
