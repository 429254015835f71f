namespace Platform.Insights.Cleanup;

/// <summary>The <c>webhook</c> action provider: POSTs each step's JSON to an executor the user runs.</summary>
public sealed class WebhookProviderOptions
{
    public string? Url { get; set; }

    /// <summary>Optional bearer token sent to the executor.</summary>
    public string? Token { get; set; }

    public int Retries { get; set; } = 3;

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>First retry delay (exponential with jitter after it).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    internal IEnumerable<string> Validate(string prefix, bool used)
    {
        if (used && !Uri.TryCreate(Url, UriKind.Absolute, out _))
        {
            yield return $"{prefix}:Url must be an absolute http(s) URL when Provider is webhook";
        }
        if (Retries is < 0 or > 10)
        {
            yield return $"{prefix}:Retries must be between 0 and 10";
        }
        if (Timeout <= TimeSpan.Zero)
        {
            yield return $"{prefix}:Timeout must be above zero";
        }
    }
}
