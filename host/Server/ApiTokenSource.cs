using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Platform.Insights.Host.Server;

/// <summary>
/// The current <see cref="ApiTokenSet"/>, which requests read without ever touching configuration: the tokens of
/// <c>Insights:Server:Tokens</c> and those of the tokens file. On a configuration reload (<c>insights serve</c> watches
/// <c>appsettings.json</c>) the new <c>Tokens</c> are bound and checked against <see cref="ApiTokenRules"/> here, and
/// swapped in only when valid; an invalid edit (broken JSON, a rule broken, a value that does not bind) keeps the last
/// valid tokens, is logged as a Warning naming the key and counted in <c>insights_config_reload_failures_total</c>.
/// (The earlier design read <c>IOptionsMonitor.CurrentValue</c> per request, which rethrows the validation error of a
/// bad edit on every request: 500 for everyone.) The tokens file is looked at, at most once a second, on the next
/// request (modification time and length). With neither configured, the data directory's local admin token is the only one.
/// </summary>
public sealed partial class ApiTokenSource : IDisposable
{
    public const string TokensKey = ServerOptions.Section + ":Tokens";
    private static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(1);
    private static readonly JsonDocumentOptions LikeTheJsonProvider = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
    private readonly string? _tokensFilePath;
    private readonly IConfiguration? _configuration;
    private readonly Func<string> _localToken;
    private readonly TimeProvider _time;
    private readonly ILogger<ApiTokenSource> _logger;
    private readonly ConfigReloadMeters? _meters;
    private readonly IDisposable? _subscription;
    private readonly Lock _gate = new();
    private List<ApiToken> _configTokens;
    private List<ApiToken> _fileTokens = [];
    private (DateTime Written, long Length)? _fileStamp;
    private long _nextCheck;
    private ApiTokenSet _current;
    private CancellationTokenSource _reloaded = new();
    private string _filesSeen = "";

    /// <param name="startup">The options validated at start: their tokens are the first set.</param>
    /// <param name="configuration">Followed for changes of <c>Insights:Server:Tokens</c>; null: the tokens never change but for the tokens file.</param>
    public ApiTokenSource(ServerOptions startup, IConfiguration? configuration, Func<string> localToken, TimeProvider time, ILogger<ApiTokenSource> logger, ConfigReloadMeters? meters = null)
    {
        _tokensFilePath = startup.TokensFile;
        _configuration = configuration;
        _localToken = localToken;
        _time = time;
        _logger = logger;
        _meters = meters;
        _configTokens = [.. startup.Tokens];
        if (_tokensFilePath is { } path)
        {
            // At start a bad file fails start-up (the caller turns it into exit 2), as bad configuration does.
            _fileStamp = Stamp(path);
            try
            {
                _fileTokens = TokensFile.Read(path);
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                throw new OptionsValidationException(ServerOptions.Section + ":TokensFile", typeof(ServerOptions), [e.Message]);
            }
        }
        _current = Build();
        if (configuration is IConfigurationRoot root)
        {
            _filesSeen = Fingerprint(root);
            // A file that stops parsing after start must not throw out of the file watcher: it is reported below instead
            // (at start the same file still fails start-up, the sources were built before this).
            foreach (var provider in WatchedFiles(root))
            {
                provider.Source.OnLoadException = context => context.Ignore = true;
            }
        }
        _subscription = configuration is null ? null : ChangeToken.OnChange(configuration.GetReloadToken, Reload);
    }

    /// <summary>Whether the tokens came from configuration (false: the data directory's local token).</summary>
    public bool Configured => Volatile.Read(ref _configTokens).Count > 0 || _tokensFilePath is not null;

    public ApiTokenSet Current
    {
        get
        {
            RefreshFile();
            return Volatile.Read(ref _current);
        }
    }

    /// <summary>Configuration reloads refused since start (also on <c>/metrics</c>).</summary>
    public int RejectedReloads { get; private set; }

    /// <summary>Fires after each configuration reload has been applied or refused (tests wait on it instead of sleeping).</summary>
    public IChangeToken GetReloadToken() => new CancellationChangeToken(Volatile.Read(ref _reloaded).Token);

    public void Dispose() => _subscription?.Dispose();

    private void Reload()
    {
        var files = _configuration is IConfigurationRoot root ? Fingerprint(root) : "";
        var (tokens, problem) = ReadConfiguredTokens();
        lock (_gate)
        {
            // The watcher can report one edit more than once: the same bytes again are not a second edit (nor a second failure).
            var edited = files.Length == 0 || files != _filesSeen;
            _filesSeen = files;
            if (edited && problem is not null)
            {
                RejectedReloads++;
                _meters?.Failed(TokensKey);
                LogReloadRefused(_logger, TokensKey, problem);
            }
            else if (edited && !SameTokens(tokens!, _configTokens))
            {
                Volatile.Write(ref _configTokens, tokens!);
                Volatile.Write(ref _current, Build());
                LogConfigurationReloaded(_logger, TokensKey, tokens!.Count);
            }
            Interlocked.Exchange(ref _reloaded, new CancellationTokenSource()).Cancel();
        }
    }

    /// <summary>The new <c>Tokens</c>, or why they cannot be used (never quoting a token).</summary>
    private (List<ApiToken>? Tokens, string? Problem) ReadConfiguredTokens()
    {
        if (_configuration is IConfigurationRoot root && UnreadableFile(root) is { } broken)
        {
            // The JSON provider drops a file it cannot parse: binding now would read "no tokens at all".
            return (null, broken);
        }
        List<ApiToken> tokens;
        try
        {
            // One by one: binding the list whole silently drops an element whose value does not convert.
            tokens = [.. _configuration!.GetSection(TokensKey).GetChildren().Select(child => child.Get<ApiToken>() ?? new ApiToken())];
        }
        catch (InvalidOperationException e)
        {
            return (null, e.Message);
        }
        var errors = ApiTokenRules.Check(tokens, TokensKey);
        if (errors.Count > 0)
        {
            return (null, string.Join("; ", errors));
        }
        if (tokens.Count == 0 && _tokensFilePath is null && Configured)
        {
            return (null, "no token left and no tokens file: a running server does not fall back to the local admin token (restart for that)");
        }
        return (tokens, null);
    }

    private static string? UnreadableFile(IConfigurationRoot root)
    {
        foreach (var provider in WatchedFiles(root))
        {
            if (provider.Source.FileProvider?.GetFileInfo(provider.Source.Path ?? "") is not { Exists: true, PhysicalPath: { } path })
            {
                continue;
            }
            try
            {
                using var document = JsonDocument.Parse(File.ReadAllBytes(path), LikeTheJsonProvider);
            }
            catch (JsonException e)
            {
                return $"{path} is not valid JSON (line {e.LineNumber + 1})";
            }
            catch (IOException e)
            {
                return $"{path} cannot be read ({e.Message})";
            }
        }
        return null;
    }

    /// <summary>The watched files' paths and SHA-256 digests as they are now.</summary>
    private static string Fingerprint(IConfigurationRoot root)
    {
        var parts = new List<string>();
        foreach (var provider in WatchedFiles(root))
        {
            var path = provider.Source.FileProvider?.GetFileInfo(provider.Source.Path ?? "").PhysicalPath;
            try
            {
                parts.Add(path is not null && File.Exists(path) ? path + "=" + Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))) : path + "=absent");
            }
            catch (IOException)
            {
                parts.Add(path + "=unreadable");
            }
        }
        return string.Join(";", parts);
    }

    private static IEnumerable<FileConfigurationProvider> WatchedFiles(IConfigurationRoot root) =>
        root.Providers.OfType<FileConfigurationProvider>().Where(p => p.Source.ReloadOnChange);

    /// <summary>Compares what a token means (digest, scopes, team, limits), so an edit elsewhere in the file logs nothing.</summary>
    private static bool SameTokens(List<ApiToken> next, List<ApiToken> current) =>
        JsonSerializer.Serialize(new ApiTokenSet(next).Tokens) == JsonSerializer.Serialize(new ApiTokenSet(current).Tokens);

    private void RefreshFile()
    {
        if (_tokensFilePath is not { } path || _time.GetTimestamp() < Volatile.Read(ref _nextCheck))
        {
            return;
        }
        lock (_gate)
        {
            _nextCheck = _time.GetTimestamp() + (long)(CheckEvery.TotalSeconds * _time.TimestampFrequency);
            var stamp = Stamp(path);
            if (stamp == _fileStamp)
            {
                return;
            }
            try
            {
                _fileTokens = TokensFile.Read(path);
                _fileStamp = stamp;
                Volatile.Write(ref _current, Build());
                LogReloaded(_logger, path, _fileTokens.Count);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                _fileStamp = stamp;
                _meters?.Failed(ServerOptions.Section + ":TokensFile");
                LogReloadFailed(_logger, path, e.Message);
            }
        }
    }

    private ApiTokenSet Build()
    {
        var configured = _configTokens.Concat(_fileTokens).ToList();
        return Configured
            ? new ApiTokenSet(configured)
            : new ApiTokenSet([new ApiToken { Name = "local", Token = _localToken(), Scopes = [ApiScopes.Admin] }]);
    }

    private static (DateTime, long)? Stamp(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? (info.LastWriteTimeUtc, info.Length) : null;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Tokens file {Path} reloaded: {Count} tokens")]
    private static partial void LogReloaded(ILogger logger, string path, int count);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Tokens from {Source} not applied, the previous tokens stay: {Problem}")]
    private static partial void LogReloadFailed(ILogger logger, string source, string problem);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "{Key} reloaded from configuration: {Count} tokens")]
    private static partial void LogConfigurationReloaded(ILogger logger, string key, int count);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "{Key} changed but was not applied, the last valid tokens stay: {Problem}")]
    private static partial void LogReloadRefused(ILogger logger, string key, string problem);
}
