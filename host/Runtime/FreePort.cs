using System.Net;
using System.Net.Sockets;

namespace Platform.Insights.Host.Runtime;

/// <summary>A loopback TCP port nobody listens on right now (for the embedded silo's endpoints).</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
