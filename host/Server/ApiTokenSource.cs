using Microsoft.Extensions.Options;

namespace Platform.Insights.Host.Server;

/// <summary>
/// The current <see cref="ApiTokenSet"/>: the tokens of <c>Insights:Server:Tokens</c> (through
/// <see cref="IOptionsMonitor{TOptions}"/>, so a reloaded configuration source applies) plus those of the tokens
/// file, whose modification time and length are looked at, at most once a second, on the next request — a token
/// added to the file works and a removed one gets 401 within a second, without a restart. A file that turns
/// invalid is logged (naming the file, never a token) and the last good set stays. With neither configured, the
/// local admin token of the data directory is the only one.
/// </summary>
public sealed partial class ApiTokenSource : IDisposable
{
    private static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(1);
    private readonly IOptionsMonitor<ServerOptions> _options;
    private readonly Func<string> _localToken;
    private readonly TimeProvider _time;
    private readonly ILogger<ApiTokenSource> _logger;
    private readonly IDisposable? _subscription;
    private readonly Lock _gate = new();
    private List<ApiToken> _fileTokens = [];
    private (DateTime Written, long Length)? _fileStamp;
    private long _nextCheck;
    private ApiTokenSet _current;

    public ApiTokenSource(IOptionsMonitor<ServerOptions> options, Func<string> localToken, TimeProvider time, ILogger<ApiTokenSource> logger)
    {
        _options = options;
        _localToken = localToken;
        _time = time;
        _logger = logger;
        if (options.CurrentValue.TokensFile is { } path)
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
        _subscription = options.OnChange(_ => Rebuild());
    }

    /// <summary>Whether the tokens came from configuration (false: the data directory's local token).</summary>
    public bool Configured => _options.CurrentValue.Tokens.Count > 0 || _options.CurrentValue.TokensFile is not null;

    public ApiTokenSet Current
    {
        get
        {
            RefreshFile();
            return Volatile.Read(ref _current);
        }
    }

    public void Dispose() => _subscription?.Dispose();

    private void RefreshFile()
    {
        if (_options.CurrentValue.TokensFile is not { } path || _time.GetTimestamp() < Volatile.Read(ref _nextCheck))
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
                LogReloadFailed(_logger, path, e.Message);
            }
        }
    }

    private void Rebuild()
    {
        lock (_gate)
        {
            var errors = ApiTokenRules.Check(_options.CurrentValue.Tokens, $"{ServerOptions.Section}:Tokens");
            if (errors.Count > 0)
            {
                LogReloadFailed(_logger, ServerOptions.Section + ":Tokens", string.Join("; ", errors));
                return;
            }
            Volatile.Write(ref _current, Build());
        }
    }

    private ApiTokenSet Build()
    {
        var configured = _options.CurrentValue.Tokens.Concat(_fileTokens).ToList();
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
}
