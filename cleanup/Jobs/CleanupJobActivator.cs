using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace Platform.Insights.Cleanup.Jobs;

/// <summary>Hangfire builds job classes from the application's services.</summary>
public sealed class CleanupJobActivator(IServiceProvider services) : JobActivator
{
    public override object ActivateJob(Type jobType) => ActivatorUtilities.GetServiceOrCreateInstance(services, jobType);
}
