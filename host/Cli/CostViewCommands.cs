using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Platform.Insights.Analytics.Cost;
using Platform.Insights.Host.Runtime;

namespace Platform.Insights.Host.Cli;

/// <summary>
/// The cost views that take a ChargePeriodStart window and print one table: <c>insights commitments</c> (commitment
/// coverage, utilisation, spot share), <c>insights unit-cost</c> (cost per 1,000 requests per service) and
/// <c>insights hygiene</c> (unallocated share and tag coverage per account).
/// </summary>
public static class CostViewCommands
{
    public static readonly string[] CommitmentColumns =
        ["currency", "coveredCost", "eligibleCost", "coverage", "usedCost", "unusedCost", "utilisation", "spotCost", "computeCost", "spotShare"];

    public static readonly string[] UnitCostColumns =
        ["service", "currency", "billedCost", "effectiveCost", "requests", "billedPer1000Requests", "effectivePer1000Requests"];

    public static readonly string[] HygieneColumns =
        ["account", "accountName", "currency", "cost", "unallocatedCost", "unallocatedShare", "taggedCost", "tagCoverage"];

    public static Command Commitments() => Create(
        "commitments", "Commitment discounts: coverage of eligible usage, utilisation of what was bought, spot share of compute (per currency).",
        CommitmentColumns, withBasis: false,
        async (services, from, to, _, format, cancellationToken) =>
            (await services.GetRequiredService<CommitmentQuery>().MeasureAsync(from, to, team: null, cancellationToken)).Select(r => new object?[]
            {
                r.Currency, CostCells.Money(r.CoveredCost, r.Currency, format), CostCells.Money(r.EligibleCost, r.Currency, format),
                CostCells.Percent(r.Coverage, format), CostCells.Money(r.UsedCost, r.Currency, format), CostCells.Money(r.UnusedCost, r.Currency, format),
                CostCells.Percent(r.Utilisation, format), CostCells.Money(r.SpotCost, r.Currency, format), CostCells.Money(r.ComputeCost, r.Currency, format),
                CostCells.Percent(r.SpotShare, format),
            }));

    public static Command UnitCost() => Create(
        "unit-cost", "Cost per 1,000 requests per service, from request counters (unknown when a service has no request metrics).",
        UnitCostColumns, withBasis: false,
        async (services, from, to, _, format, cancellationToken) =>
            (await services.GetRequiredService<UnitCostQuery>().PerServiceAsync(from, to, team: null, cancellationToken)).Select(r => new object?[]
            {
                r.Service, r.Currency, CostCells.Money(r.BilledCost, r.Currency, format), CostCells.Money(r.EffectiveCost, r.Currency, format),
                format == OutputFormat.Table ? r.Requests is { } n ? Math.Round(n) : "unknown" : r.Requests,
                Unknown(CostCells.Money(r.BilledPer1000Requests, r.Currency, format), format),
                Unknown(CostCells.Money(r.EffectivePer1000Requests, r.Currency, format), format),
            }));

    public static Command Hygiene() => Create(
        "hygiene", "Allocation hygiene per account: unallocated cost and share, tag coverage (the share of cost carrying an allocation tag).",
        HygieneColumns, withBasis: true,
        async (services, from, to, basis, format, cancellationToken) =>
            (await services.GetRequiredService<CostHygieneQuery>().PerAccountAsync(from, to, basis, team: null, cancellationToken)).Select(r => new object?[]
            {
                r.Account, r.AccountName, r.Currency, CostCells.Money(r.Cost, r.Currency, format), CostCells.Money(r.UnallocatedCost, r.Currency, format),
                CostCells.Percent(r.UnallocatedShare, format), CostCells.Money(r.TaggedCost, r.Currency, format), CostCells.Percent(r.TagCoverage, format),
            }));

    private static object? Unknown(object? cell, OutputFormat format) => cell ?? (format == OutputFormat.Table ? "unknown" : null);

    private delegate Task<IEnumerable<object?[]>> CostView(
        IServiceProvider services, DateTime? from, DateTime? to, CostBasis basis, OutputFormat format, CancellationToken cancellationToken);

    private static Command Create(string name, string description, string[] columns, bool withBasis, CostView view)
    {
        var from = CostCells.From();
        var to = CostCells.To();
        var basis = CostCells.Basis();
        var format = GlobalOptions.Format();
        var command = new Command(name, description) { from, to, format };
        if (withBasis)
        {
            command.Options.Add(basis);
        }
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            var start = CostCells.Day(parse.GetValue(from), "--from");
            var end = CostCells.Day(parse.GetValue(to), "--to");
            if (start is not null && end is not null && end <= start)
            {
                throw new UsageException("--to must be after --from (the range is [from, to))");
            }
            await using var runtime = await EmbeddedRuntime.StartAsync(GlobalOptions.Settings(parse, name), cancellationToken);
            var output = parse.GetValue(format);
            var rows = await view(runtime.Services, start, end, withBasis ? parse.GetValue(basis) : CostBasis.Effective, output, cancellationToken);
            DataPrinter.ForConsole().Print(columns, rows, output);
            return ExitCodes.Success;
        }));
        return command;
    }
}
