using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Platform.Insights.Analytics.Idle;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Cleanup.Execution;
using Platform.Insights.Cleanup.Planning;
using Platform.Insights.Cleanup.Policies;
using Platform.Insights.Host.Runtime;

namespace Platform.Insights.Host.Cli;

/// <summary>
/// <c>insights cleanup plan|approve|apply|status|undo|kill</c>: the plan → approve → apply flow of the cleanup jobs
/// from the command line. <c>apply</c> runs the approved plan in this process (the server's API enqueues it on Hangfire);
/// <c>kill</c> works even while a server holds the store (it writes the kill-switch file the running jobs check) — in
/// embedded mode; in cluster mode that file is not read, so a held data directory refuses and points to <c>--server</c>.
/// With <c>--server URL --token-file PATH</c> every verb acts through that server's API (<see cref="CleanupRemoteCommands"/>).
/// </summary>
public static class CleanupCommand
{
    public static Command Create()
    {
        var command = new Command("cleanup", "Cleanup jobs for idle resources: plan, approve, apply, status, undo, kill (guardrails on; dry-run by default).");
        command.Subcommands.Add(Plan());
        command.Subcommands.Add(Approve());
        command.Subcommands.Add(Apply());
        command.Subcommands.Add(Status());
        command.Subcommands.Add(Undo());
        command.Subcommands.Add(Kill());
        command.Options.Add(CleanupServer.ServerOption);
        command.Options.Add(CleanupServer.TokenFileOption);
        return command;
    }

    /// <summary>The guard until a detector is registered: cleanup reads findings only through <see cref="IIdleFindings"/>.</summary>
    public const string NoDetector = "no idle detector registered (IIdleFindings); cleanup has no findings to act on";

    private static Command Plan()
    {
        var policy = new Option<string?>("--policy") { Description = "Plan only this policy (default: every policy in Insights:Cleanup:Policies)." };
        var format = GlobalOptions.Format();
        var command = new Command("plan", "Plan the next ladder step for each finding the policies select; prints the plan id and hash to approve.") { policy, format };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(() => Refusable(async () =>
        {
            if (CleanupServer.From(parse) is { } server)
            {
                return await CleanupRemoteCommands.PlanAsync(server, parse.GetValue(policy), parse.GetValue(format), cancellationToken);
            }
            await using var runtime = await EmbeddedRuntime.StartAsync(GlobalOptions.Settings(parse, "cleanup"), cancellationToken);
            var policies = Policies(runtime.Services, parse.GetValue(policy));
            var planner = runtime.Services.GetRequiredService<CleanupPlanner>();
            var plans = new List<CleanupPlan>();
            foreach (var p in policies)
            {
                plans.Add(await planner.PlanAsync(p, "cli", cancellationToken));
            }
            var output = parse.GetValue(format);
            DataPrinter.ForConsole().Print(CleanupCells.PlanColumns, plans.SelectMany(p => CleanupCells.Plan(p, output)), output);
            foreach (var p in plans.Where(p => p.Items.Count > 0))
            {
                Console.Error.WriteLine($"insights: plan {p.Id} ({p.Policy}): {p.Items.Count} items, {p.Items.Count(i => i.Enforce)} enforced; approve with: insights cleanup approve {p.Id} --hash {p.Hash[..CleanupApprovals.MinimumHashPrefix]}");
            }
            return ExitCodes.Success;
        })));
        return command;
    }

    private static Command Approve()
    {
        var plan = new Argument<string>("PLAN") { Description = "The plan id (pln_…)." };
        var hash = new Option<string>("--hash") { Description = "The plan's hash as printed by plan (at least 12 characters): the approval binds to it.", Required = true };
        var by = new Option<string?>("--by") { Description = "Who approves (default: the OS user; with --server the token's name)." };
        var format = GlobalOptions.Format();
        var command = new Command("approve", "Approve one plan's exact items; the approval expires after Insights:Cleanup:ApprovalTtl.") { plan, hash, by, format };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(() => Refusable(async () =>
        {
            if (CleanupServer.From(parse) is { } server)
            {
                return await CleanupRemoteCommands.ApproveAsync(server, parse.GetValue(plan)!, parse.GetValue(hash)!, parse.GetValue(format), cancellationToken);
            }
            await using var runtime = await EmbeddedRuntime.StartAsync(GlobalOptions.Settings(parse, "cleanup"), cancellationToken);
            var approval = await runtime.Services.GetRequiredService<CleanupApprovals>()
                .ApproveAsync(parse.GetValue(plan)!, parse.GetValue(hash)!, parse.GetValue(by) ?? Environment.UserName, cancellationToken);
            DataPrinter.ForConsole().Print(["plan", "hash", "approvedBy", "approvedAt", "expiresAt"],
                [[approval.PlanId, approval.PlanHash, approval.ApprovedBy, approval.ApprovedAt, approval.ExpiresAt]], parse.GetValue(format));
            return ExitCodes.Success;
        })));
        return command;
    }

    private static Command Apply()
    {
        var plan = new Argument<string>("PLAN") { Description = "The approved plan id." };
        var format = GlobalOptions.Format();
        var command = new Command("apply", "Apply an approved plan now: every item is re-checked, dry-run items only audited.") { plan, format };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(() => Refusable(async () =>
        {
            if (CleanupServer.From(parse) is { } server)
            {
                return await CleanupRemoteCommands.ApplyAsync(server, parse.GetValue(plan)!, parse.GetValue(format), cancellationToken);
            }
            await using var runtime = await EmbeddedRuntime.StartAsync(GlobalOptions.Settings(parse, "cleanup"), cancellationToken);
            RequireDetector(runtime.Services);
            var result = await runtime.Services.GetRequiredService<CleanupExecutor>().ApplyAsync(parse.GetValue(plan)!, 0, int.MaxValue, "cli", cancellationToken);
            DataPrinter.ForConsole().Print(CleanupCells.RunColumns, [CleanupCells.Run(result)], parse.GetValue(format));
            return result.Failed > 0 ? ExitCodes.Failure : ExitCodes.Success;
        })));
        return command;
    }

    private static Command Status()
    {
        var plans = new Option<int>("--plans") { Description = "How many recent plans to show.", DefaultValueFactory = _ => 20 };
        var format = GlobalOptions.Format();
        var command = new Command("status", "Recent plans with their approval and outcome, the kill switch, and realised savings.") { plans, format };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(() => Refusable(async () =>
        {
            if (CleanupServer.From(parse) is { } server)
            {
                return await CleanupRemoteCommands.StatusAsync(server, parse.GetValue(plans), parse.GetValue(format), cancellationToken);
            }
            await using var runtime = await EmbeddedRuntime.StartAsync(GlobalOptions.Settings(parse, "cleanup"), cancellationToken);
            var status = await runtime.Services.GetRequiredService<CleanupStatusQuery>().ReadAsync(parse.GetValue(plans), cancellationToken);
            DataPrinter.ForConsole().Print(CleanupCells.StatusColumns, status.Plans.Select(CleanupCells.Status), parse.GetValue(format));
            Console.Error.WriteLine($"insights: {CleanupCells.Savings(status)}; kill switch: {(status.KillSwitch ? "ON (" + status.KillReason + ")" : "off")}");
            foreach (var line in CleanupCells.Undoing(status))
            {
                Console.Error.WriteLine("insights: " + line);
            }
            return ExitCodes.Success;
        })));
        return command;
    }

    private static Command Undo()
    {
        var step = new Argument<string>("STEP") { Description = "The step id (stp_…) of a done stop or scale_to_zero." };
        var by = new Option<string?>("--by") { Description = "Who undoes (default: the OS user)." };
        var command = new Command("undo", "Reverse a done reversible step: stop → start, scale to zero → restore the stored replica count.") { step, by };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(() => Refusable(async () =>
        {
            if (CleanupServer.From(parse) is { } server)
            {
                return await CleanupRemoteCommands.UndoAsync(server, parse.GetValue(step)!, cancellationToken);
            }
            await using var runtime = await EmbeddedRuntime.StartAsync(GlobalOptions.Settings(parse, "cleanup"), cancellationToken);
            var result = await runtime.Services.GetRequiredService<CleanupUndo>().UndoAsync(parse.GetValue(step)!, parse.GetValue(by) ?? Environment.UserName, cancellationToken);
            Console.WriteLine(result.Detail);
            return result.Succeeded ? ExitCodes.Success : ExitCodes.Failure;
        })));
        return command;
    }

    private static Command Kill()
    {
        var release = new Option<bool>("--release") { Description = "Turn the run-time kill switch off again." };
        var reason = new Option<string>("--reason") { Description = "Why (recorded in the audit log).", DefaultValueFactory = _ => "stopped from the command line" };
        var command = new Command("kill", "Stop every cleanup run now, including one in progress (works while a server runs).") { release, reason };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(() => Refusable(async () =>
        {
            if (CleanupServer.From(parse) is { } server)
            {
                return await CleanupRemoteCommands.KillAsync(server, parse.GetValue(release), parse.GetValue(reason)!, cancellationToken);
            }
            var settings = GlobalOptions.Settings(parse, "cleanup");
            var configuration = ConfigurationOf(settings);
            var data = configuration[$"{StoreOptions.Section}:Data"] ?? "data";
            var cluster = InsightsModeReader.Read(configuration) == InsightsMode.Cluster;
            Directory.CreateDirectory(data);
            var file = Path.Combine(data, CleanupKillSwitch.FileName);
            if (DataDirectoryLock.IsHeld(data) && cluster)
            {
                // The file below is read by an embedded server only: a cluster's workers read the switch from PostgreSQL.
                throw new UsageException($"cleanup kill: the data directory {Path.GetFullPath(data)} is held by a server and this process is configured for a cluster ({InsightsModeReader.Key} = Cluster), " +
                    "whose silos read the kill switch from PostgreSQL, not from a file here — nothing was changed. Act on the cluster through any silo's API: " +
                    $"insights cleanup kill --server URL --token-file PATH (or {CleanupServer.ServerVariable} / {CleanupServer.TokenFileVariable}), or run it where no server holds the data directory");
            }
            if (DataDirectoryLock.IsHeld(data))
            {
                // A server holds the store: the file alone stops its jobs before their next step; its "killed" audit rows carry the reason.
                if (parse.GetValue(release))
                {
                    File.Delete(file);
                }
                else
                {
                    await File.WriteAllTextAsync(file, $"{{\"by\":\"{Environment.UserName}\",\"reason\":{System.Text.Json.JsonSerializer.Serialize(parse.GetValue(reason))}}}", cancellationToken);
                }
            }
            else
            {
                await using var runtime = await EmbeddedRuntime.StartAsync(settings, cancellationToken);
                var kill = runtime.Services.GetRequiredService<CleanupKillSwitch>();
                if (parse.GetValue(release))
                {
                    if (!await kill.ReleaseAsync(Environment.UserName, cancellationToken))
                    {
                        Console.Error.WriteLine("insights: the kill switch file is removed, but Insights:Cleanup:KillSwitch is still true in configuration");
                    }
                }
                else
                {
                    await kill.EngageAsync(Environment.UserName, parse.GetValue(reason)!, cancellationToken);
                }
            }
            var where = cluster ? "for the whole cluster (its PostgreSQL)" : $"({file})";
            Console.WriteLine(parse.GetValue(release) ? $"kill switch released {where}" : $"kill switch engaged {where}");
            return ExitCodes.Success;
        })));
        return command;
    }

    private static IReadOnlyList<CleanupPolicy> Policies(IServiceProvider services, string? name)
    {
        RequireDetector(services);
        var set = services.GetRequiredService<CleanupPolicySet>();
        if (set.All.Count == 0)
        {
            throw new UsageException("no cleanup policies: set Insights:Cleanup:Policies to a policy file (see docs/cleanup-policies.example.yaml)");
        }
        if (name is null)
        {
            return set.All;
        }
        return set.Find(name) is { } found ? [found] : throw new UsageException($"no policy '{name}' (known: {string.Join(", ", set.All.Select(p => p.Name))})");
    }

    private static void RequireDetector(IServiceProvider services)
    {
        if (services.GetService<IIdleFindings>() is null)
        {
            throw new CleanupUnavailableException(NoDetector);
        }
    }

    /// <summary>A guardrail's refusal is a failure (exit 1) with its reason on stderr, not a crash.</summary>
    private static async Task<int> Refusable(Func<Task<int>> verb)
    {
        try
        {
            return await verb();
        }
        catch (CleanupRefusedException e)
        {
            Console.Error.WriteLine($"insights: refused: {e.Message}");
            return ExitCodes.Failure;
        }
        catch (CleanupUnavailableException e)
        {
            Console.Error.WriteLine($"insights: {e.Message}");
            return ExitCodes.Failure;
        }
        catch (ServerCallException e)
        {
            Console.Error.WriteLine($"insights: {e.Message}");
            return ExitCodes.Failure;
        }
    }

    private static IConfigurationRoot ConfigurationOf(RuntimeSettings settings)
    {
        var configuration = new ConfigurationBuilder();
        InsightsConfiguration.Apply(configuration, settings.Overrides);
        return configuration.Build();
    }
}
