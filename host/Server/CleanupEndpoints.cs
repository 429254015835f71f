using Platform.Insights.Analytics.Idle;
using Platform.Insights.Cleanup.Execution;
using Platform.Insights.Cleanup.Jobs;
using Platform.Insights.Cleanup.Planning;
using Platform.Insights.Cleanup.Policies;
using Platform.Insights.Host.Cli;

namespace Platform.Insights.Host.Server;

/// <summary>
/// The cleanup API under <c>/api/v1/cleanup</c>: plan and status with <c>read</c>; approve, apply (enqueued on Hangfire),
/// undo and the kill switch with <c>admin</c>. Cleanup spans teams, so team-limited tokens are refused. A guardrail's
/// refusal is 409 with its reason; 503 when no idle detector is registered.
/// </summary>
public static class CleanupEndpoints
{
    public static void MapCleanupEndpoints(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var read = new RequiredScope(ApiScopes.Read, AllowTeamTokens: false);
        var admin = new RequiredScope(ApiScopes.Admin, AllowTeamTokens: false);
        var cleanup = api.MapGroup("/cleanup");

        cleanup.MapPost("/plans", async (HttpContext context, IServiceProvider services, CleanupPolicySet policies, string? policy, CancellationToken cancellationToken) =>
        {
            if (services.GetService<IIdleFindings>() is null)
            {
                return ApiErrors.Result(StatusCodes.Status503ServiceUnavailable, CleanupCommand.NoDetector);
            }
            if (policy is not null && policies.Find(policy) is null)
            {
                return ApiErrors.Result(StatusCodes.Status400BadRequest, $"no policy '{policy}' (known: {string.Join(", ", policies.All.Select(p => p.Name))})");
            }
            var planner = services.GetRequiredService<CleanupPlanner>();
            var plans = new List<CleanupPlan>();
            foreach (var p in policy is null ? policies.All : [policies.Find(policy)!])
            {
                plans.Add(await planner.PlanAsync(p, "api:" + ApiEndpoints.TokenOf(context).Name, cancellationToken));
            }
            return Results.Ok(plans);
        }).WithMetadata(read).WithSummary("Plan every policy (or ?policy=): the next ladder step per selected finding and what is held back; approve a plan by its id and hash.");

        cleanup.MapGet("/plans/{id}", async (string id, Cleanup.Store.ICleanupStore store, CancellationToken cancellationToken) =>
            await store.GetPlanAsync(id, cancellationToken) is { } plan ? Results.Ok(plan) : ApiErrors.Result(StatusCodes.Status404NotFound, $"no plan {id}"))
            .WithMetadata(read).WithSummary("One plan with its items and decisions.");

        cleanup.MapPost("/plans/{id}/approve", (HttpContext context, string id, ApproveRequest request, CleanupApprovals approvals, CancellationToken cancellationToken) =>
            Refusable(async () => Results.Ok(await approvals.ApproveAsync(id, request.Hash ?? "", "api:" + ApiEndpoints.TokenOf(context).Name, cancellationToken))))
            .WithMetadata(admin).WithSummary("Approve a plan's exact items (body {\"hash\": \"…\"}); the approval expires.");

        cleanup.MapPost("/plans/{id}/apply", (HttpContext context, string id, IServiceProvider services, CleanupScheduler scheduler, CancellationToken cancellationToken) =>
            services.GetService<IIdleFindings>() is null
                ? Task.FromResult(ApiErrors.Result(StatusCodes.Status503ServiceUnavailable, CleanupCommand.NoDetector))
                : Refusable(async () => Results.Accepted(value: new { plan = id, jobs = await scheduler.EnqueueApplyAsync(id, "api:" + ApiEndpoints.TokenOf(context).Name, cancellationToken) })))
            .WithMetadata(admin).WithSummary("Enqueue an approved plan on Hangfire (batches; each item re-checked when it runs).");

        cleanup.MapGet("/status", async (CleanupStatusQuery status, int? plans, CancellationToken cancellationToken) =>
            Results.Ok(await status.ReadAsync(plans ?? 20, cancellationToken)))
            .WithMetadata(read).WithSummary("Recent plans with approval and outcome, the kill switch, realised monthly savings.");

        cleanup.MapPost("/steps/{id}/undo", (HttpContext context, string id, CleanupUndo undo, CancellationToken cancellationToken) =>
            Refusable(async () => await undo.UndoAsync(id, "api:" + ApiEndpoints.TokenOf(context).Name, cancellationToken) is { Succeeded: true } result
                ? Results.Ok(result) : ApiErrors.Result(StatusCodes.Status502BadGateway, "the undo step failed; see the audit log")))
            .WithMetadata(admin).WithSummary("Undo a done stop (start) or scale to zero (restore replicas).");

        cleanup.MapPost("/kill", async (HttpContext context, KillRequest? request, CleanupKillSwitch kill, CancellationToken cancellationToken) =>
        {
            await kill.EngageAsync("api:" + ApiEndpoints.TokenOf(context).Name, request?.Reason ?? "stopped over the API", cancellationToken);
            return Results.Ok(new { killSwitch = true });
        }).WithMetadata(admin).WithSummary("Engage the kill switch: every run stops before its next step.");

        cleanup.MapDelete("/kill", async (HttpContext context, CleanupKillSwitch kill, CancellationToken cancellationToken) =>
            Results.Ok(new { killSwitch = !await kill.ReleaseAsync("api:" + ApiEndpoints.TokenOf(context).Name, cancellationToken) }))
            .WithMetadata(admin).WithSummary("Release the run-time kill switch (configuration's stays).");
    }

    private static async Task<IResult> Refusable(Func<Task<IResult>> action)
    {
        try
        {
            return await action();
        }
        catch (CleanupRefusedException e)
        {
            return ApiErrors.Result(StatusCodes.Status409Conflict, e.Message);
        }
    }
}
