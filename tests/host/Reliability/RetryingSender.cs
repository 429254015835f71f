using System.Net;
using System.Net.Http.Headers;

namespace Platform.Insights.Host.Tests.Reliability;

/// <summary>
/// Sends one request until it is acknowledged, as Prometheus's remote write queue does: a 5xx, 429 or a connection
/// error (the server was killed or is starting) means "not stored, resend the same body" after a short backoff; any
/// other answer ends it. Counts the resends so a trial can show the senders really had to retry.
/// </summary>
public sealed class RetryingSender(Func<string> baseUrl, string token)
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(3);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public int Resends { get; private set; }

    /// <summary>Sends until acknowledged; returns the final status (2xx or a 4xx that will never succeed).</summary>
    public async Task<HttpStatusCode> SendAsync(string path, byte[] body, string contentType, string? encoding)
    {
        var started = TimeProvider.System.GetTimestamp();
        var backoff = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, baseUrl() + path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            if (encoding is not null)
            {
                request.Content.Headers.ContentEncoding.Add(encoding);
                request.Headers.Add("X-Prometheus-Remote-Write-Version", "0.1.0");
            }
            try
            {
                using var response = await _http.SendAsync(request);
                var status = (int)response.StatusCode;
                if (status < 500 && status != 429)
                {
                    return response.StatusCode;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                // Killed mid-request or not listening yet: the body may or may not have been stored; resend it.
            }
            if (TimeProvider.System.GetElapsedTime(started) > GiveUpAfter)
            {
                throw new TimeoutException($"{path}: not acknowledged within {GiveUpAfter.TotalMinutes} min of resending");
            }
            Resends++;
            await Task.Delay(backoff);
            backoff = TimeSpan.FromMilliseconds(Math.Min(backoff.TotalMilliseconds * 2, 1_000));
        }
    }
}
