using Microsoft.Extensions.Hosting;

namespace Platform.Insights.Host.Runtime;

/// <summary>
/// The in-process silo and store a CLI verb runs on. Starting it takes the data directory's lock;
/// disposing it stops the silo (grains save their state) and closes the store.
/// </summary>
public sealed class EmbeddedRuntime : IAsyncDisposable
{
    private readonly IHost _host;

    private EmbeddedRuntime(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public static async Task<EmbeddedRuntime> StartAsync(RuntimeSettings settings, CancellationToken cancellationToken)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = Directory.GetCurrentDirectory(),
        });
        InsightsComposition.Compose(builder, settings);
        var host = builder.Build();
        try
        {
            InsightsComposition.OpenStore(host.Services);
            await host.StartAsync(cancellationToken);
        }
        catch
        {
            host.Dispose();
            throw;
        }
        return new EmbeddedRuntime(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None);
        if (_host is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync();
        }
        else
        {
            _host.Dispose();
        }
    }
}
