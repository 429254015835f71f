using Hangfire;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Cleanup.Policies;

namespace Platform.Insights.Cleanup.Jobs;

/// <summary>
/// Runs Hangfire's background job server inside <c>insights serve</c> only (a CLI verb's process lives for seconds),
/// after registering the policies' recurring plan jobs. Stopping the host stops the workers; an apply batch cut short
/// is retried by Hangfire and skips the steps already done.
/// </summary>
public sealed class CleanupJobServer(IServiceProvider services, CleanupJobStorage storage, CleanupScheduler scheduler, CleanupPolicySet policies, IOptions<CleanupOptions> options, StoreRole? role = null) : IHostedService, IDisposable
{
    private BackgroundJobServer? _server;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Without policies there is nothing to schedule or apply: no job server, no polling.
        if (role?.Mode != "serve" || !options.Value.Jobs.Server || policies.All.Count == 0)
        {
            return Task.CompletedTask;
        }
        scheduler.RegisterRecurring();
        _server = new BackgroundJobServer(new BackgroundJobServerOptions
        {
            Activator = new CleanupJobActivator(services),
            WorkerCount = options.Value.Jobs.WorkerCount,
            ServerName = $"insights-{Environment.MachineName}-{Environment.ProcessId}",
            Queues = ["default"],
        }, storage.Storage);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null)
        {
            _server.SendStop();
            await _server.WaitForShutdownAsync(cancellationToken);
        }
    }

    public void Dispose() => _server?.Dispose();
}
