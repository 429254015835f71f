using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Platform.Insights.Reports.Tests.Support;

/// <summary>
/// An SMTP server in the test process speaking RFC 5321 as a relay would — greeting, EHLO with its extensions,
/// STARTTLS (RFC 3207) when it has a certificate, AUTH PLAIN (RFC 4954) when it has credentials, MAIL / RCPT / DATA
/// with dot-unstuffing, RSET, NOOP, QUIT — and records every message it accepted. Failures are injected by refusing the
/// first connections with a 421 greeting or by answering DATA with a chosen reply.
/// </summary>
public sealed class FakeSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public FakeSmtpServer(X509Certificate2? certificate = null, (string User, string Password)? credentials = null)
    {
        Certificate = certificate;
        Credentials = credentials;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public X509Certificate2? Certificate { get; }

    public (string User, string Password)? Credentials { get; }

    /// <summary>Connections answered with <c>421</c> and closed before one is served.</summary>
    public int RefuseConnections { get; set; }

    /// <summary>The reply to the end of DATA; null = <c>250 2.0.0 queued</c>.</summary>
    public string? DataReply { get; set; }

    public int Connections { get; private set; }

    public ConcurrentQueue<ReceivedMail> Messages { get; } = new();

    /// <summary>Every command received, in order (AUTH with its credentials blanked).</summary>
    public ConcurrentQueue<string> Commands { get; } = new();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            using (client)
            {
                Connections++;
                try
                {
                    await ServeAsync(client.GetStream(), _stop.Token);
                }
                catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
                {
                    // The client went away (or failed the TLS handshake): serve the next connection.
                }
            }
        }
    }

    private async Task ServeAsync(Stream network, CancellationToken cancellationToken)
    {
        var session = new Session(new BufferedStream(network));
        if (RefuseConnections > 0)
        {
            RefuseConnections--;
            await session.ReplyAsync("421 4.3.2 Service not available, try again later", cancellationToken);
            return;
        }
        await session.ReplyAsync("220 fake.smtp.test ESMTP ready", cancellationToken);
        string? from = null;
        var to = new List<string>();
        var tls = false;
        string? user = null;
        while (await session.ReadLineAsync(cancellationToken) is { } line)
        {
            var verb = (line.Split(' ', 2)[0]).ToUpperInvariant();
            Commands.Enqueue(verb == "AUTH" ? "AUTH " + line.Split(' ')[1] : line);
            switch (verb)
            {
                case "EHLO":
                    var extensions = new List<string> { "fake.smtp.test greets you", "SIZE 52428800" };
                    if (Certificate is not null && !tls)
                    {
                        extensions.Add("STARTTLS");
                    }
                    if (Credentials is not null)
                    {
                        extensions.Add("AUTH PLAIN");
                    }
                    extensions.Add("HELP");
                    await session.ReplyAsync(string.Join("\r\n", extensions.Select((e, i) => (i == extensions.Count - 1 ? "250 " : "250-") + e)), cancellationToken);
                    break;
                case "HELO":
                    await session.ReplyAsync("250 fake.smtp.test", cancellationToken);
                    break;
                case "STARTTLS" when Certificate is not null && !tls:
                    await session.ReplyAsync("220 2.0.0 Ready to start TLS", cancellationToken);
                    var ssl = new SslStream(network, leaveInnerStreamOpen: false);
                    await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = Certificate }, cancellationToken);
                    session = new Session(new BufferedStream(ssl));
                    tls = true;
                    (from, user) = (null, null);
                    to.Clear();
                    break;
                case "AUTH" when Credentials is not null:
                    var parts = line.Split(' ');
                    var response = parts.Length > 2 ? parts[2] : await Challenge(session, cancellationToken);
                    var fields = Encoding.UTF8.GetString(Convert.FromBase64String(response ?? "")).Split('\0');
                    if (parts[1].Equals("PLAIN", StringComparison.OrdinalIgnoreCase) && fields.Length == 3 && fields[1] == Credentials.Value.User && fields[2] == Credentials.Value.Password)
                    {
                        user = fields[1];
                        await session.ReplyAsync("235 2.7.0 Authentication successful", cancellationToken);
                    }
                    else
                    {
                        await session.ReplyAsync("535 5.7.8 Authentication credentials invalid", cancellationToken);
                    }
                    break;
                case "MAIL" when Credentials is not null && user is null:
                    await session.ReplyAsync("530 5.7.0 Authentication required", cancellationToken);
                    break;
                case "MAIL":
                    from = Address(line);
                    await session.ReplyAsync("250 2.1.0 Ok", cancellationToken);
                    break;
                case "RCPT" when from is null:
                    await session.ReplyAsync("503 5.5.1 Need MAIL first", cancellationToken);
                    break;
                case "RCPT":
                    to.Add(Address(line));
                    await session.ReplyAsync("250 2.1.5 Ok", cancellationToken);
                    break;
                case "DATA" when to.Count == 0:
                    await session.ReplyAsync("503 5.5.1 Need RCPT first", cancellationToken);
                    break;
                case "DATA":
                    await session.ReplyAsync("354 End data with <CR><LF>.<CR><LF>", cancellationToken);
                    var data = await session.ReadDataAsync(cancellationToken);
                    if (DataReply is { } reply)
                    {
                        await session.ReplyAsync(reply, cancellationToken);
                    }
                    else
                    {
                        Messages.Enqueue(new ReceivedMail(from!, [.. to], data, tls, user));
                        await session.ReplyAsync("250 2.0.0 Ok: queued", cancellationToken);
                    }
                    from = null;
                    to.Clear();
                    break;
                case "RSET":
                    from = null;
                    to.Clear();
                    await session.ReplyAsync("250 2.0.0 Ok", cancellationToken);
                    break;
                case "NOOP":
                    await session.ReplyAsync("250 2.0.0 Ok", cancellationToken);
                    break;
                case "QUIT":
                    await session.ReplyAsync("221 2.0.0 Bye", cancellationToken);
                    return;
                default:
                    await session.ReplyAsync("502 5.5.2 Command not recognized", cancellationToken);
                    break;
            }
        }
    }

    private static async Task<string?> Challenge(Session session, CancellationToken cancellationToken)
    {
        await session.ReplyAsync("334 ", cancellationToken);
        return await session.ReadLineAsync(cancellationToken);
    }

    /// <summary>The address between the angle brackets of <c>MAIL FROM:&lt;a&gt; SIZE=…</c> / <c>RCPT TO:&lt;b&gt;</c>.</summary>
    private static string Address(string line)
    {
        var start = line.IndexOf('<', StringComparison.Ordinal);
        var end = line.IndexOf('>', start + 1);
        return line[(start + 1)..end];
    }

    /// <summary>Line I/O over the current stream (plain or TLS); lines are Latin-1 so 8-bit bytes pass unchanged.</summary>
    private sealed class Session(Stream stream)
    {
        public async Task ReplyAsync(string reply, CancellationToken cancellationToken)
        {
            await stream.WriteAsync(Encoding.Latin1.GetBytes(reply + "\r\n"), cancellationToken);
            await stream.FlushAsync(cancellationToken);
        }

        public async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
        {
            var bytes = new List<byte>();
            var one = new byte[1];
            while (await stream.ReadAsync(one, cancellationToken) == 1)
            {
                if (one[0] == '\n')
                {
                    return Encoding.Latin1.GetString([.. bytes]).TrimEnd('\r');
                }
                bytes.Add(one[0]);
            }
            return null;
        }

        /// <summary>The message up to the lone "." line, dot-unstuffed (RFC 5321 4.5.2), with CRLF line ends.</summary>
        public async Task<byte[]> ReadDataAsync(CancellationToken cancellationToken)
        {
            var data = new StringBuilder();
            while (await ReadLineAsync(cancellationToken) is { } line && line != ".")
            {
                data.Append(line.StartsWith('.') ? line[1..] : line).Append("\r\n");
            }
            return Encoding.Latin1.GetBytes(data.ToString());
        }
    }
}
