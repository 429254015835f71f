using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Platform.Insights.Analytics.Idle;
using Platform.Insights.Host.Runtime;

namespace Platform.Insights.Host.Cli;

/// <summary>
/// <c>insights idle</c>: every resource's idle verdict (Idle, Underutilized, Scheduled, Active, Undetermined) with its
/// rule, monthly savings from FOCUS EffectiveCost and recommendation — the same findings as <c>GET /api/v1/idle-resources</c>
/// — then a totals line. Default: everything but Active; <c>--state active</c> or <c>--all</c> shows those too. Served from
/// the latest persisted detection run, recomputed first when the store changed since or it is past the staleness bound;
/// <c>--recompute</c> runs the detection regardless.
/// </summary>
public static class IdleCommand
{
    public static Command Create()
    {
        var team = new Option<string?>("--team") { Description = "Only this team's resources." };
        var type = new Option<string?>("--type") { Description = "Only this resource type: " + string.Join(", ", IdleResourceTypes.All) + "." };
        type.AcceptOnlyFromAmong([.. IdleResourceTypes.All]);
        var state = new Option<IdleState?>("--state") { Description = "Only this state: idle, underutilized, scheduled, active, undetermined." };
        var all = new Option<bool>("--all") { Description = "Include active resources." };
        var minimum = new Option<decimal?>("--min-monthly-savings") { Description = "Only findings saving at least this much a month." };
        var recompute = new Option<bool>("--recompute") { Description = "Run the detection now, even when the latest persisted run is current." };
        var format = GlobalOptions.Format();
        var command = new Command("idle", "Idle, over-provisioned and scheduled resources with evidence and monthly savings (FOCUS EffectiveCost).")
        {
            team, type, state, all, minimum, recompute, format,
        };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            if (parse.GetValue(minimum) is < 0)
            {
                throw new UsageException("--min-monthly-savings must not be negative");
            }
            await using var runtime = await EmbeddedRuntime.StartAsync(GlobalOptions.Settings(parse, "idle"), cancellationToken);
            var filter = new IdleFindingFilter(parse.GetValue(team), parse.GetValue(type), parse.GetValue(state), parse.GetValue(minimum));
            if (parse.GetValue(recompute))
            {
                await runtime.Services.GetRequiredService<IdleDetector>().RecomputeAsync(cancellationToken);
            }
            var findings = (await runtime.Services.GetRequiredService<IIdleFindings>().ListAsync(filter, cancellationToken))
                .Where(f => parse.GetValue(all) || filter.State is not null || f.State != IdleState.Active).ToList();
            var output = parse.GetValue(format);
            DataPrinter.ForConsole().Print(IdleCells.Columns, findings.Select(f => IdleCells.Cells(f, output)), output);
            if (output == OutputFormat.Table)
            {
                Console.WriteLine(IdleCells.Totals(findings));
            }
            return ExitCodes.Success;
        }));
        return command;
    }
}
