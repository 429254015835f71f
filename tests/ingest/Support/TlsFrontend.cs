using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Platform.Insights.Ingest.Tests.Support;

/// <summary>
/// Terminates TLS in front of a plain-HTTP test server (HttpListener cannot serve HTTPS on Linux), as a TLS proxy or the
/// server itself would: clients speak HTTPS to <see cref="Url"/>, the bytes go on unchanged to the backend.
/// </summary>
public sealed class TlsFrontend : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly X509Certificate2 _certificate;
    private readonly Uri _backend;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _handshakesFailed;
    private int _connections;
    private int _disposed;

    public TlsFrontend(string backendUrl, X509Certificate2 certificate)
    {
        _backend = new Uri(backendUrl);
        _certificate = certificate;
        _listener.Start();
        Url = $"https://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
        _loop = Task.Run(AcceptAsync);
    }

    public string Url { get; }

    /// <summary>
    /// Connections refused by the client (it did not trust the certificate): the handshake failed, or the client closed
    /// or sent an alert before its first request. The client may give up before this side has read the alert: read it
    /// after <see cref="DisposeAsync"/>, which waits for every connection.
    /// </summary>
    public int HandshakesFailed => Volatile.Read(ref _handshakesFailed);

    /// <summary>TCP connections accepted (each attempt of a client opens one once its pool has none to reuse).</summary>
    public int Connections => Volatile.Read(ref _connections);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
        _certificate.Dispose();
    }

    private async Task AcceptAsync()
    {
        var connections = new List<Task>();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                Interlocked.Increment(ref _connections);
                connections.Add(Task.Run(() => RelayAsync(client)));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
        await Task.WhenAll(connections).ConfigureAwait(false);
    }

    private async Task RelayAsync(TcpClient client)
    {
        using var _ = client;
        await using var tls = new SslStream(client.GetStream());
        var first = new byte[16 * 1024];
        int read;
        try
        {
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, _stop.Token);
            // With TLS 1.3 this side's handshake can complete before the client has checked the certificate: a client
            // that refuses it sends an alert instead of its first request, which only the first read sees.
            read = await tls.ReadAsync(first, _stop.Token);
        }
        catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException or OperationCanceledException)
        {
            read = 0;
        }
        if (read == 0)
        {
            Interlocked.Increment(ref _handshakesFailed);
            return;
        }
        using var backend = new TcpClient();
        try
        {
            await backend.ConnectAsync(_backend.Host, _backend.Port, _stop.Token);
            var plain = backend.GetStream();
            await plain.WriteAsync(first.AsMemory(0, read), _stop.Token);
            using var done = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            var up = tls.CopyToAsync(plain, done.Token);
            var down = plain.CopyToAsync(tls, done.Token);
            await Task.WhenAny(up, down);
            await done.CancelAsync();
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // A side closed; the other follows.
        }
    }
}
