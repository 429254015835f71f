using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Core.Search;
using Elastic.Clients.Elasticsearch.QueryDsl;
using Elastic.Transport;
using Elastic.Transport.Products.Elasticsearch;
using Microsoft.Extensions.Options;

namespace Platform.Insights.Ingest.Sources;

/// <summary>
/// The three Elasticsearch calls the pull makes, through <c>Elastic.Clients.Elasticsearch</c>: open a point in time over
/// a source's indices, search one page of it (range on the timestamp field, optional query string, sorted on timestamp
/// then the tiebreaker, <c>search_after</c>), and close it. Failures become <see cref="ElasticsearchApiException"/>; a
/// page with failed shards too, since storing it would move the checkpoint past documents never seen.
/// Authentication: an API key or basic auth; TLS: the system's roots, or only the configured CA.
/// </summary>
public sealed class ElasticsearchApiClient
{
    private const string DateFormat = "strict_date_optional_time";

    /// <summary>
    /// Plain JSON on both headers. The 9.x client otherwise sends <c>application/vnd.elasticsearch+json;compatible-with=9</c>,
    /// which an Elasticsearch 8.x server refuses with 400 <c>media_type_header_exception</c> (it knows versions 7 and 8 only;
    /// elastic/elasticsearch-net#8526). Every server version answers plain JSON requests in its own format, and the three
    /// calls the pull makes (<c>_pit</c>, <c>_search</c>, <c>DELETE _pit</c>) have the same shape in 8.x and 9.x. The two
    /// headers must agree: a server refuses a versioned one next to an unversioned one.
    /// </summary>
    internal const string PlainJson = "application/json";

    private static readonly RequestConfiguration AnyServerVersion = new() { Accept = PlainJson, ContentType = PlainJson };
    private readonly ElasticsearchClient _client;
    private readonly ElasticsearchPullOptions _options;

    public ElasticsearchApiClient(IOptions<ElasticsearchPullOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _client = new ElasticsearchClient(Settings(_options));
    }

    public ElasticsearchPullOptions Options => _options;

    private static ElasticsearchClientSettings Settings(ElasticsearchPullOptions options)
    {
        var urls = options.NodeUrls.Select(u => new Uri(u)).ToList();
        // Without a URL the client is never called (no sources); a placeholder keeps construction infallible.
        NodePool pool = urls.Count switch
        {
            0 => new SingleNodePool(new Uri("http://localhost:9200")),
            1 => new SingleNodePool(urls[0]),
            _ => new StaticNodePool(urls, randomize: false),
        };
        var settings = new ElasticsearchClientSettings(pool)
            .RequestTimeout(options.RequestTimeout)
            // Retries, backoff and the breaker are the pull's (Polly); the transport only fails over between nodes.
            .MaximumRetries(Math.Max(0, urls.Count - 1))
            .DisablePing()
            .EnableHttpCompression(true);
        if (options.ApiKey is { Length: > 0 } key)
        {
            settings = settings.Authentication(new ApiKey(key));
        }
        else if (options.Username is { Length: > 0 } user)
        {
            settings = settings.Authentication(new BasicAuthentication(user, options.Password ?? ""));
        }
        if (options.CaCertificatePath is { Length: > 0 } path)
        {
            settings = settings.ServerCertificateValidationCallback(CertificateValidations.AuthorityIsRoot(LoadCertificate(path), trustRoot: true, X509RevocationMode.NoCheck));
        }
        return settings;
    }

    /// <summary>A PEM (<c>-----BEGIN CERTIFICATE-----</c>) or DER certificate file.</summary>
    internal static X509Certificate2 LoadCertificate(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var text = System.Text.Encoding.ASCII.GetString(bytes);
        return text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)
            ? X509Certificate2.CreateFromPem(text)
            : X509CertificateLoader.LoadCertificate(bytes);
    }

    public async Task<string> OpenPointInTimeAsync(ElasticsearchSourceOptions source, CancellationToken cancellationToken)
    {
        var request = new OpenPointInTimeRequest(Indices.Parse(string.Join(',', source.IndexPatterns)))
        {
            KeepAlive = new Duration(_options.KeepAlive),
            // A point in time missing a shard would miss its documents for good: fail, retry, never read in part.
            AllowPartialSearchResults = false,
            // A pattern that matches no index yet (a new data stream) is an empty source, not an error.
            IgnoreUnavailable = true,
            RequestConfiguration = AnyServerVersion,
        };
        var response = await Unreadable("opening a point in time", () => _client.OpenPointInTimeAsync(request, cancellationToken));
        if (!response.IsValidResponse)
        {
            throw Failure("opening a point in time", response);
        }
        if (response.Shards is { Failed: > 0 } shards)
        {
            throw new ElasticsearchApiException(200, "shard_failure", $"opening a point in time: {shards.Failed} of {shards.Total} shards failed", shards.Failed);
        }
        return response.Id;
    }

    public async Task<ElasticsearchPage> SearchAsync(
        ElasticsearchSourceOptions source, string pointInTimeId, DateTimeOffset from, DateTimeOffset to, IReadOnlyList<FieldValue>? searchAfter,
        int size, CancellationToken cancellationToken)
    {
        var range = new DateRangeQuery(new Field(source.Fields.Timestamp))
        {
            Gte = DateMath.Anchored(Iso(from)),
            Lt = DateMath.Anchored(Iso(to)),
            Format = DateFormat,
        };
        List<Query> filters = [range];
        if (source.Query is { Length: > 0 } text)
        {
            filters.Add(new QueryStringQuery(text));
        }
        var request = new SearchRequest
        {
            Pit = new PointInTimeReference(pointInTimeId) { KeepAlive = new Duration(_options.KeepAlive) },
            Size = size,
            Query = new BoolQuery { Filter = filters },
            Sort =
            [
                new SortOptions { Field = new FieldSort(new Field(source.Fields.Timestamp)) { Order = SortOrder.Asc } },
                new SortOptions { Field = new FieldSort(new Field(source.Tiebreaker)) { Order = SortOrder.Asc } },
            ],
            SearchAfter = searchAfter is null ? null : [.. searchAfter],
            TrackTotalHits = new TrackHits(false),
            RequestConfiguration = AnyServerVersion,
        };
        var response = await Unreadable("searching", () => _client.SearchAsync<JsonElement>(request, cancellationToken));
        if (!response.IsValidResponse)
        {
            throw Failure("searching", response);
        }
        if (response.Shards is { Failed: > 0 } shards)
        {
            var reasons = shards.Failures?.Select(f => $"{f.Index}[{f.Shard}]: {f.Reason?.Type}: {f.Reason?.Reason}").Take(3) ?? [];
            throw new ElasticsearchApiException(200, "shard_failure",
                $"{shards.Failed} of {shards.Total} shards failed ({string.Join("; ", reasons)}); the page is asked again, never stored in part", shards.Failed);
        }
        var hits = response.HitsMetadata?.Hits ?? [];
        var page = new List<ElasticsearchHit>(hits.Count);
        foreach (var hit in hits)
        {
            if (hit.Sort is not { Count: > 0 } sort)
            {
                throw new ElasticsearchApiException(200, "bad_response", $"a hit in {hit.Index} came back without sort values");
            }
            page.Add(new ElasticsearchHit(hit.Index, hit.Id, hit.Source.ValueKind == JsonValueKind.Undefined ? "" : hit.Source.GetRawText(), [.. sort]));
        }
        return new ElasticsearchPage(response.PitId, page);
    }

    /// <summary>Frees the point in time early (it would expire after its keep-alive anyway); failures are ignored.</summary>
    public async Task ClosePointInTimeAsync(string pointInTimeId, CancellationToken cancellationToken)
    {
        try
        {
            await _client.ClosePointInTimeAsync(new ClosePointInTimeRequest { Id = pointInTimeId, RequestConfiguration = AnyServerVersion }, cancellationToken);
        }
        catch (Exception e) when (e is TransportException or HttpRequestException or TaskCanceledException)
        {
            // Best effort: an unclosed point in time expires on its own.
        }
    }

    /// <summary>An answer the client cannot read (a proxy's HTML page sent as JSON) is a failure like no answer: retried.</summary>
    private static async Task<T> Unreadable<T>(string what, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (JsonException e)
        {
            throw new ElasticsearchApiException(0, "bad_response", $"{what}: the answer is not Elasticsearch's JSON: {e.Message}", 0, e);
        }
    }

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static ElasticsearchApiException Failure(string what, ElasticsearchResponse response)
    {
        var status = response.ApiCallDetails?.HttpStatusCode ?? 0;
        var error = response.ElasticsearchServerError?.Error;
        var root = error?.RootCause?.FirstOrDefault();
        var type = root?.Type ?? error?.Type;
        var reason = root?.Reason ?? error?.Reason;
        if (status == 0 || error is null)
        {
            var cause = response.ApiCallDetails?.OriginalException;
            if (status == 0 && Chain(cause).OfType<AuthenticationException>().FirstOrDefault() is { } tls)
            {
                // Retrying cannot make an untrusted certificate trusted: say which setting fixes it.
                return new ElasticsearchApiException(0, ElasticsearchApiException.TlsErrorType,
                    $"{what}: the TLS connection failed ({Innermost(tls)?.Message ?? tls.Message}); if Elasticsearch's certificate is signed by a private CA, set {ElasticsearchPullOptions.Section}:CaCertificatePath to that CA's certificate (PEM or DER)",
                    0, cause);
            }
            var detail = Innermost(cause)?.Message ?? (status == 0 ? "no answer" : $"HTTP {status}");
            return new ElasticsearchApiException(status, status == 0 ? "unreachable" : "http_error", $"{what}: {detail}", 0, cause);
        }
        var message = status switch
        {
            401 => $"{what}: Elasticsearch refused the credentials (401 {type}: {reason}); check {ElasticsearchPullOptions.Section}:ApiKey or Username/Password",
            403 => $"{what}: not allowed (403 {type}: {reason}); the API key or user needs the read and view_index_metadata privileges on the indices",
            _ => $"{what}: {status} {type}: {reason}",
        };
        return new ElasticsearchApiException(status, type, message);
    }

    private static IEnumerable<Exception> Chain(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }

    private static Exception? Innermost(Exception? e)
    {
        while (e?.InnerException is not null)
        {
            e = e.InnerException;
        }
        return e;
    }
}
