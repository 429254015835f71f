using System.Net;
using System.Net.Sockets;

namespace Platform.Insights.Host.Runtime;

/// <summary>A loopback TCP port nobody listens on right now (for the embedded silo's endpoints).</summary>
internal static class FreePort
{
    /// <param name="avoid">Ports taken by intent but maybe not bound yet (the server's own HTTP port): the OS may hand
    /// one of them out as free, and the silo would then take it from Kestrel.</param>
    public static int Next(params int[] avoid)
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (!avoid.Contains(port))
            {
                return port;
            }
        }
    }
}
