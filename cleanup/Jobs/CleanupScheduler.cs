using Hangfire;
using Hangfire.Common;
using Hangfire.Storage;
using Microsoft.Extensions.Options;
using Platform.Insights.Cleanup.Execution;
using Platform.Insights.Cleanup.Policies;

namespace Platform.Insights.Cleanup.Jobs;

/// <summary>
/// Puts cleanup work into Hangfire: an approved plan's items as batches of <see cref="CleanupJobsOptions.BatchSize"/>
/// (enqueueing is ~160 jobs/s on SQLite storage, so never one job per item), and one recurring plan job per policy.
/// </summary>
public sealed class CleanupScheduler(CleanupJobStorage storage, CleanupApprovals approvals, CleanupPolicySet policies, IOptions<CleanupOptions> options)
{
    public const string RecurringPrefix = "cleanup-plan:";

    /// <summary>Checks the approval now (a refusal is immediate), then enqueues the batches; returns the Hangfire job ids.</summary>
    public async Task<IReadOnlyList<string>> EnqueueApplyAsync(string planId, string actor, CancellationToken cancellationToken)
    {
        var plan = await approvals.RequireApprovedAsync(planId, actor, cancellationToken);
        var client = new BackgroundJobClient(storage.Storage);
        var size = options.Value.Jobs.BatchSize;
        var ids = new List<string>();
        for (var from = 0; from < plan.Items.Count; from += size)
        {
            var start = from;
            ids.Add(client.Enqueue<CleanupJobs>(j => j.ApplyBatchAsync(planId, start, size, CancellationToken.None)));
        }
        return ids;
    }

    /// <summary>One recurring job per policy on its schedule (in the business-hours time zone); jobs of removed policies go.</summary>
    public void RegisterRecurring()
    {
        var manager = new RecurringJobManager(storage.Storage);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.BusinessHours.TimeZone);
        using (var connection = storage.Storage.GetConnection())
        {
            foreach (var stale in connection.GetRecurringJobs().Select(j => j.Id).Where(id => id.StartsWith(RecurringPrefix, StringComparison.Ordinal)
                && policies.Find(id[RecurringPrefix.Length..]) is null))
            {
                manager.RemoveIfExists(stale);
            }
        }
        foreach (var policy in policies.All)
        {
            var name = policy.Name;
            manager.AddOrUpdate(RecurringPrefix + name, Job.FromExpression<CleanupJobs>(j => j.PlanPolicyAsync(name, CancellationToken.None)), policy.Schedule,
                new RecurringJobOptions { TimeZone = zone });
        }
    }
}
