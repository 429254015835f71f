using System.Diagnostics;
using System.Globalization;
using System.Text;
using Npgsql;

namespace Platform.Insights.Host.Tests.Support;

/// <summary>
/// The machine's real PostgreSQL 15 (Debian's <c>postgresql-15</c>): a throw-away cluster initdb'd in a temp
/// directory, listening on a free loopback port with fsync off, stopped and deleted on dispose. initdb refuses to run
/// as root, so as root the server binaries run as the <c>postgres</c> user (<c>runuser</c>). A missing installation
/// is a clear failure, never a skip (<c>./test.sh</c> installs it).
/// </summary>
public sealed class PostgresProcess : IAsyncDisposable
{
    public const string BinDirectory = "/usr/lib/postgresql/15/bin";

    private readonly string _directory;

    private PostgresProcess(string directory, int port)
    {
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Connection string of the <c>postgres</c> database (trust authentication on loopback).</summary>
    public string ConnectionString => Connection("postgres");

    public string Connection(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=false;Timeout=10";

    public static async Task<PostgresProcess> StartAsync()
    {
        if (!File.Exists(Path.Combine(BinDirectory, "initdb")))
        {
            throw new InvalidOperationException(
                $"PostgreSQL 15 is not installed ({BinDirectory}/initdb missing): apt-get install -y postgresql-15 (./test.sh installs it)");
        }
        var directory = Path.Combine(Path.GetTempPath(), $"insights-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        var server = new PostgresProcess(directory, PrometheusProcess.FreePort());
        try
        {
            if (IsRoot())
            {
                await RunAsync("chown", ["postgres:postgres", directory]);
            }
            await server.PgAsync("initdb", ["-D", server.Data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]);
            await server.PgAsync("pg_ctl", [
                "-D", server.Data, "-l", Path.Combine(directory, "log"), "-w", "-t", "60",
                "-o", $"-p {server.Port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
                "start"]);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return Connection(name);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (Directory.Exists(Data))
            {
                await PgAsync("pg_ctl", ["-D", Data, "-m", "immediate", "-w", "stop"]);
            }
        }
        catch (InvalidOperationException)
        {
            // Never started; nothing to stop.
        }
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover temp directory is harmless.
        }
    }

    private string Data => Path.Combine(_directory, "data");

    private Task PgAsync(string tool, IReadOnlyList<string> args) =>
        IsRoot()
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(BinDirectory, tool), .. args])
            : RunAsync(Path.Combine(BinDirectory, tool), args);

    private static bool IsRoot() => Environment.UserName == "root";

    private static async Task RunAsync(string file, IReadOnlyList<string> args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info)!;
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(cts.Token);
        output.Append(await stdout).Append(await stderr);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"{file} {string.Join(' ', args)} exited with {process.ExitCode}:\n{output}"));
        }
    }
}
