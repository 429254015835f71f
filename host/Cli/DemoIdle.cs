using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Platform.Insights.Analytics.Idle;

namespace Platform.Insights.Host.Cli;

/// <summary>The demo's idle-resource summary: findings per state and type, the findings worth acting on, total monthly savings.</summary>
public static class DemoIdle
{
    public static async Task PrintAsync(IServiceProvider services, DataPrinter printer, CancellationToken cancellationToken)
    {
        var detector = services.GetRequiredService<IdleDetector>();
        var (run, all) = await detector.CurrentFindingsAsync(new IdleFindingFilter(), cancellationToken);
        var asOf = run.AsOf;
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Idle resources (as of {asOf:yyyy-MM-dd HH:mm} UTC; savings = monthly FOCUS EffectiveCost):"));
        var counts = all.GroupBy(f => (f.ResourceType, f.State)).OrderBy(g => g.Key.ResourceType, StringComparer.Ordinal).ThenBy(g => g.Key.State)
            .Select(g => new object?[] { g.Key.ResourceType, g.Key.State.ToString().ToLowerInvariant(), g.Count() }).ToList();
        printer.Print(["type", "state", "resources"], counts, OutputFormat.Table);
        var findings = IdleDetector.Order(all.Where(f => f.State is not (IdleState.Active or IdleState.Undetermined)));
        if (findings.Count > 0)
        {
            printer.Print(["resource", "type", "team", "state", "rule", "monthlySavings", "recommendation"],
                findings.Select(f => new object?[]
                {
                    f.ResourceId, f.ResourceType, f.Team, f.State.ToString().ToLowerInvariant(), f.Rule,
                    f.MonthlySavings is { } s ? Money.Format(s, f.Currency ?? "") : "unknown", f.Recommendation,
                }), OutputFormat.Table);
        }
        Console.WriteLine(IdleCells.Totals(findings));
    }
}
