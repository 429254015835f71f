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

    /// <summary>
    /// Production deployments: in W46 web twice with 10-day lead times and db once with 1 hour; in W47 web twice with
    /// 2 hours (one 2 hours before web's 12-minute outage) and db once with 30 days (2.6 days before db's outage, outside
    /// the 24-hour link window). Org lead time goes Medium → Elite; team b's lead time and change failure rate go Elite → Low.
    /// </summary>
    public static async Task DeploymentsAsync(ReportStore store)
    {
        await store.DeployAsync("web", "web-46-1", W46.AddHours(9), W46.AddDays(-10).AddHours(9), "1.0.0");
        await store.DeployAsync("web", "web-46-2", W46.AddDays(1).AddHours(9), W46.AddDays(-9).AddHours(9), "1.1.0");
        await store.DeployAsync("db", "db-46-1", W46.AddDays(1).AddHours(11), W46.AddDays(1).AddHours(10), "7.0");
        await store.DeployAsync("web", "web-47-1", W47.AddDays(2).AddHours(8), W47.AddDays(2).AddHours(6), "1.2.0");
        await store.DeployAsync("web", "web-47-2", W47.AddDays(4).AddHours(9), W47.AddDays(4).AddHours(7), "1.3.0");
        await store.DeployAsync("db", "db-47-1", W47.AddHours(12), W47.AddDays(-30).AddHours(12), "7.1");
    }
}
