using System.Net;

namespace Platform.Insights.Ingest.Tests.Support;

/// <summary>
/// The accept step of the in-process fake servers' loops (Prometheus, Elasticsearch, Grafana, scrape targets): the next
/// request, or null once the listener was stopped or closed, which ends the loop.
/// </summary>
internal static class ListenerAccept
{
    public static async Task<HttpListenerContext?> NextAsync(HttpListener listener)
    {
        try
        {
            return await listener.GetContextAsync();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
        {
            return null;
        }
    }
}
