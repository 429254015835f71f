using System.Globalization;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Platform.Insights.Ingest.Sources;
using Platform.Insights.Ingest.Tests.Support;
using Prometheus;

namespace Platform.Insights.Ingest.Tests.Sources;

/// <summary>
/// Elasticsearch over HTTPS with a certificate from a private CA, as self-managed clusters ship by default: the pull
/// trusts exactly the CA named in <c>CaCertificatePath</c>, and says which setting to change when it does not.
/// </summary>
public sealed class ElasticsearchTlsTests : IDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2024-03-01T12:00:00Z", CultureInfo.InvariantCulture);

    private readonly FakeTimeProvider _time = new(Now);
    private readonly InMemoryEventPullStore _store = new();
    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();
    private readonly string _dir = Directory.CreateTempSubdirectory("insights-es-tls-").FullName;
    private readonly TestCertificateAuthority _ca = new("Insights test CA", DateTimeOffset.UtcNow);
    private readonly TestCertificateAuthority _otherCa = new("Some other CA", DateTimeOffset.UtcNow);

    public void Dispose()
    {
        _ca.Dispose();
        _otherCa.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task A_server_certificate_signed_by_the_configured_CA_is_trusted_and_every_document_is_pulled()
    {
        await using var es = new FakeElasticsearch();
        AddDocuments(es, 250);
        await using var tls = new TlsFrontend(es.Url, _ca.IssueServerCertificate(DateTimeOffset.UtcNow));

        var result = await Source(tls.Url, _ca.WritePem(Path.Combine(_dir, "ca.pem"))).PullAsync(Logs(), null, null, CancellationToken.None);

        Assert.True(result.Outcome == PullOutcome.Pulled, result.Error);
        Assert.Equal((250L, 250L), (result.Received, result.Stored));
        Assert.Equal(250, _store.Events.Count);
        Assert.Equal(0, tls.HandshakesFailed);
    }

    [Fact]
    public async Task A_CA_given_as_DER_is_trusted_as_well()
    {
        await using var es = new FakeElasticsearch();
        AddDocuments(es, 5);
        await using var tls = new TlsFrontend(es.Url, _ca.IssueServerCertificate(DateTimeOffset.UtcNow));
        var der = Path.Combine(_dir, "ca.der");
        await File.WriteAllBytesAsync(der, _ca.Certificate.RawData);

        var result = await Source(tls.Url, der).PullAsync(Logs(), null, null, CancellationToken.None);

        Assert.True(result.Outcome == PullOutcome.Pulled, result.Error);
        Assert.Equal(5L, result.Stored);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_certificate_from_an_untrusted_CA_fails_at_once_naming_the_CA_setting_and_stores_nothing(bool otherCaConfigured)
    {
        await using var es = new FakeElasticsearch();
        AddDocuments(es, 10);
        await using var tls = new TlsFrontend(es.Url, _ca.IssueServerCertificate(DateTimeOffset.UtcNow));
        var configured = otherCaConfigured ? _otherCa.WritePem(Path.Combine(_dir, "other.pem")) : null;

        var result = await Source(tls.Url, configured).PullAsync(Logs(), null, null, CancellationToken.None);

        Assert.Equal(PullOutcome.Failed, result.Outcome);
        Assert.Contains("the TLS connection failed", result.Error, StringComparison.Ordinal);
        Assert.Contains("set Insights:Ingest:Elasticsearch:CaCertificatePath", result.Error, StringComparison.Ordinal);
        Assert.Empty(_store.Events);
        // Not retried: another attempt cannot make the certificate trusted. Stopping the frontend waits for its side of
        // the handshake, which may read the client's alert after the client has already given up.
        Assert.Equal(1, tls.Connections);
        await tls.DisposeAsync();
        Assert.Equal(1, tls.HandshakesFailed);
        Assert.Empty(es.Requests);
        Assert.Contains("insights_elasticsearch_pull_errors_total{source=\"logs\",reason=\"tls\"} 1", await Exported(), StringComparison.Ordinal);
    }

    private static void AddDocuments(FakeElasticsearch es, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var at = Now.AddMinutes(-50).AddSeconds(i);
            es.Add("logs-a", $"e{i:D5}",
                $$"""{"@timestamp":"{{at.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}}","event":{"id":"e{{i:D5}}","action":"deployment","outcome":"success"},"service":{"name":"checkout","environment":"production"},"message":"deployed"}""");
        }
    }

    private static ElasticsearchSourceOptions Logs() => ElasticsearchTestSources.Logs();

    private ElasticsearchSource Source(string url, string? caPath) =>
        ElasticsearchTestSources.Create(url, _store, _registry, _time, o => o.CaCertificatePath = caPath);

    private async Task<string> Exported()
    {
        using var stream = new MemoryStream();
        await _registry.CollectAndExportAsTextAsync(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
