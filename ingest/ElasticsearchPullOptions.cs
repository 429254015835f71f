using System.ComponentModel.DataAnnotations;

namespace Platform.Insights.Ingest;

/// <summary>
/// The Elasticsearch pull (section <c>Insights:Ingest:Elasticsearch</c>): every <see cref="Interval"/> each source's
/// indices are read from its checkpoint up to now − <see cref="Lag"/> with a point in time and <c>search_after</c>,
/// <see cref="PageSize"/> documents a request; the first pull of a source reaches back <see cref="Backfill"/>.
/// Nothing runs while <see cref="Sources"/> is empty.
/// </summary>
public sealed class ElasticsearchPullOptions : PullOptions, IValidatableObject
{
    public const string Section = "Insights:Ingest:Elasticsearch";

    /// <summary>One node's URL, e.g. <c>https://es.internal:9200</c> (or several in <see cref="Urls"/>).</summary>
    public string? Url { get; set; }

    /// <summary>Several nodes of one cluster; requests fail over between them.</summary>
    public List<string> Urls { get; set; } = [];

    /// <summary>An API key as Elasticsearch returns it encoded (sent as <c>Authorization: ApiKey …</c>).</summary>
    public string? ApiKey { get; set; }

    /// <summary>Basic authentication user (with <see cref="Password"/>).</summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>A PEM or DER file of the CA that signed the cluster's certificate (Elasticsearch's own <c>http_ca.crt</c>).</summary>
    public string? CaCertificatePath { get; set; }

    public List<ElasticsearchSourceOptions> Sources { get; set; } = [];

    /// <summary>Documents per search request (Elasticsearch caps a page at <c>index.max_result_window</c>, 10,000).</summary>
    [Range(1, 10_000)]
    public int PageSize { get; set; } = 1000;

    /// <summary>
    /// The newest document pulled is this much older than the clock: shippers index late, and a document indexed after its
    /// window was read would be missed (the window's end becomes the next window's start).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan Lag { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long each point in time is kept between two pages (Elasticsearch's <c>keep_alive</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The configured node URLs: <see cref="Urls"/>, else <see cref="Url"/>.</summary>
    public IReadOnlyList<string> NodeUrls => Urls.Count > 0 ? Urls : Url is { Length: > 0 } url ? [url] : [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Sources.Count > 0 && NodeUrls.Count == 0)
        {
            yield return new ValidationResult($"{Section}:Url (or Urls) must be set when sources are configured", [nameof(Url)]);
        }
        foreach (var url in NodeUrls.Where(u => !PrometheusPullOptions.IsHttpUrl(u)))
        {
            yield return new ValidationResult($"{Section}:Url '{url}' is not an absolute http(s) URL", [nameof(Url)]);
        }
        if (ApiKey is { Length: > 0 } && Username is { Length: > 0 })
        {
            yield return new ValidationResult($"{Section}: set ApiKey or Username/Password, not both", [nameof(ApiKey)]);
        }
        if (Username is { Length: > 0 } != Password is { Length: > 0 })
        {
            yield return new ValidationResult($"{Section}: Username and Password go together", [nameof(Username)]);
        }
        if (CaCertificatePath is { Length: > 0 } ca && !File.Exists(ca))
        {
            yield return new ValidationResult($"{Section}:CaCertificatePath '{ca}' does not exist", [nameof(CaCertificatePath)]);
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Sources.Count; i++)
        {
            foreach (var problem in Sources[i].Problems($"{Section}:Sources:{i}"))
            {
                yield return new ValidationResult(problem, [nameof(Sources)]);
            }
            if (Sources[i].Name is { Length: > 0 } name && !names.Add(name))
            {
                yield return new ValidationResult($"{Section}:Sources:{i}: Name '{name}' is used twice", [nameof(Sources)]);
            }
        }
    }
}
