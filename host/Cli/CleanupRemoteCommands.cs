using Platform.Insights.Cleanup.Execution;

namespace Platform.Insights.Host.Cli;

/// <summary>
/// The <c>insights cleanup</c> verbs with <c>--server</c>: the same output as the local verbs, through the server's API
/// (<see cref="CleanupApiClient"/>). The server records its token's name as the actor (<c>api:NAME</c>), not <c>--by</c>.
/// </summary>
public static class CleanupRemoteCommands
{
    public static async Task<int> PlanAsync(CleanupServer server, string? policy, OutputFormat format, CancellationToken cancellationToken)
    {
        using var client = new CleanupApiClient(server);
        var plans = await client.PlanAsync(policy, cancellationToken);
        DataPrinter.ForConsole().Print(CleanupCells.PlanColumns, plans.SelectMany(p => CleanupCells.Plan(p, format)), format);
        foreach (var p in plans.Where(p => p.Items.Count > 0))
        {
            Console.Error.WriteLine($"insights: plan {p.Id} ({p.Policy}) on {client.Server}: {p.Items.Count} items, {p.Items.Count(i => i.Enforce)} enforced; approve with: insights cleanup approve {p.Id} --hash {p.Hash[..CleanupApprovals.MinimumHashPrefix]} --server {client.Server}");
        }
        return ExitCodes.Success;
    }

    public static async Task<int> ApproveAsync(CleanupServer server, string plan, string hash, OutputFormat format, CancellationToken cancellationToken)
    {
        using var client = new CleanupApiClient(server);
        var approval = await client.ApproveAsync(plan, hash, cancellationToken);
        DataPrinter.ForConsole().Print(["plan", "hash", "approvedBy", "approvedAt", "expiresAt"],
            [[approval.PlanId, approval.PlanHash, approval.ApprovedBy, approval.ApprovedAt, approval.ExpiresAt]], format);
        return ExitCodes.Success;
    }

    /// <summary>The server enqueues the plan's batches on its Hangfire queue (in a cluster, any silo's worker runs each once).</summary>
    public static async Task<int> ApplyAsync(CleanupServer server, string plan, OutputFormat format, CancellationToken cancellationToken)
    {
        using var client = new CleanupApiClient(server);
        var jobs = await client.ApplyAsync(plan, cancellationToken);
        DataPrinter.ForConsole().Print(["plan", "batches", "jobs"], [[plan, jobs.Count, string.Join(" ", jobs)]], format);
        Console.Error.WriteLine($"insights: {jobs.Count} batch{(jobs.Count == 1 ? "" : "es")} of {plan} enqueued on {client.Server}; follow with: insights cleanup status --server {client.Server}");
        return ExitCodes.Success;
    }

    public static async Task<int> StatusAsync(CleanupServer server, int plans, OutputFormat format, CancellationToken cancellationToken)
    {
        using var client = new CleanupApiClient(server);
        var status = await client.StatusAsync(plans, cancellationToken);
        DataPrinter.ForConsole().Print(CleanupCells.StatusColumns, status.Plans.Select(CleanupCells.Status), format);
        Console.Error.WriteLine($"insights: {CleanupCells.Savings(status)}; kill switch: {(status.KillSwitch ? "ON (" + status.KillReason + ")" : "off")}");
        foreach (var line in CleanupCells.Undoing(status))
        {
            Console.Error.WriteLine("insights: " + line);
        }
        return ExitCodes.Success;
    }

    public static async Task<int> UndoAsync(CleanupServer server, string step, CancellationToken cancellationToken)
    {
        using var client = new CleanupApiClient(server);
        var result = await client.UndoAsync(step, cancellationToken);
        Console.WriteLine(result.Detail);
        return result.Succeeded ? ExitCodes.Success : ExitCodes.Failure;
    }

    public static async Task<int> KillAsync(CleanupServer server, bool release, string reason, CancellationToken cancellationToken)
    {
        using var client = new CleanupApiClient(server);
        if (release)
        {
            if (!await client.ReleaseAsync(cancellationToken))
            {
                Console.Error.WriteLine($"insights: the run-time kill switch is released, but {client.Server} has Insights:Cleanup:KillSwitch true in its configuration");
            }
            Console.WriteLine($"kill switch released through {client.Server}");
        }
        else
        {
            await client.KillAsync(reason, cancellationToken);
            Console.WriteLine($"kill switch engaged through {client.Server} (in a cluster: every silo stops before its next step)");
        }
        return ExitCodes.Success;
    }
}
