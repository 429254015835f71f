using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Platform.Insights.Host.Server;
using Platform.Insights.Host.Tests.Support;

namespace Platform.Insights.Host.Tests;

/// <summary>
/// Every route of the server against the table below: the routes in the OpenAPI document and every endpoint the
/// server maps (so a route the document omits, like <c>/hangfire</c>, is caught too) must be exactly the table's,
/// and each answers 401 without a token, 403 with a token of the wrong scope (and, for org-wide routes, with a team
/// token), and neither with the right one. Only <c>/healthz</c>, <c>/readyz</c> and <c>/metrics</c> are public.
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed class SecurityRouteTests(SecurityFixture fixture)
{
    public enum Access
    {
        Public,
        Signed,
        Read,
        ReadAllTeams,
        Ingest,
        Admin,
    }

    /// <summary>The scope table: (method, route pattern) → who may call it. A new route must be added here, with its scope.</summary>
    public static readonly IReadOnlyDictionary<(string Method, string Route), Access> Table = new Dictionary<(string, string), Access>
    {
        [("GET", "/healthz")] = Access.Public,
        [("GET", "/readyz")] = Access.Public,
        [("GET", "/metrics")] = Access.Public,
        [("GET", "/openapi/{documentName}.json")] = Access.Read,
        [("GET", "/api/v1/catalog/services")] = Access.Read,
        [("GET", "/api/v1/catalog/teams")] = Access.Read,
        [("GET", "/api/v1/services/{service}")] = Access.Read,
        [("GET", "/api/v1/teams/{team}")] = Access.Read,
        [("GET", "/api/v1/ingest/status")] = Access.ReadAllTeams,
        [("POST", "/api/v1/query")] = Access.ReadAllTeams,
        [("GET", "/api/v1/cost")] = Access.Read,
        [("GET", "/api/v1/cost/trend")] = Access.Read,
        [("GET", "/api/v1/cost/anomalies")] = Access.Read,
        [("GET", "/api/v1/cost/forecast")] = Access.Read,
        [("GET", "/api/v1/cost/commitments")] = Access.Read,
        [("GET", "/api/v1/cost/unit")] = Access.Read,
        [("GET", "/api/v1/cost/hygiene")] = Access.Read,
        [("GET", "/api/v1/budgets")] = Access.Read,
        [("GET", "/api/v1/kpi/uptime")] = Access.Read,
        [("GET", "/api/v1/incidents")] = Access.Read,
        [("GET", "/api/v1/utilisation")] = Access.Read,
        [("GET", "/api/v1/kpi/dora")] = Access.Read,
        [("GET", "/api/v1/kpi/productivity")] = Access.Read,
        [("GET", "/api/v1/idle-resources")] = Access.Read,
        [("GET", "/api/v1/idle-resources/{id}")] = Access.Read,
        [("GET", "/api/v1/reports")] = Access.Read,
        [("GET", "/api/v1/reports/{id}/{format}")] = Access.Read,
        [("POST", "/api/v1/reports")] = Access.Admin,
        [("GET", "/api/v1/cluster")] = Access.Admin,
        [("POST", "/api/v1/cleanup/plans")] = Access.ReadAllTeams,
        [("GET", "/api/v1/cleanup/plans/{id}")] = Access.ReadAllTeams,
        [("POST", "/api/v1/cleanup/plans/{id}/approve")] = Access.Admin,
        [("POST", "/api/v1/cleanup/plans/{id}/apply")] = Access.Admin,
        [("GET", "/api/v1/cleanup/status")] = Access.ReadAllTeams,
        [("POST", "/api/v1/cleanup/steps/{id}/undo")] = Access.Admin,
        [("POST", "/api/v1/cleanup/kill")] = Access.Admin,
        [("DELETE", "/api/v1/cleanup/kill")] = Access.Admin,
        [("POST", "/api/v1/write")] = Access.Ingest,
        [("POST", "/api/v1/logs")] = Access.Ingest,
        [("POST", "/api/v1/webhooks/github")] = Access.Signed,
        [("POST", "/api/v1/webhooks/argocd")] = Access.Ingest,
        [("GET", "/hangfire/{**path}")] = Access.Admin,
    };

    [Fact]
    public async Task The_table_holds_exactly_the_routes_of_the_openapi_document_and_of_the_endpoint_data_source()
    {
        using var response = await fixture.Server.GetAsync("/openapi/v1.json", SecurityFixture.Reader);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var documented = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(m => (Method: m.Name.ToUpperInvariant(), Route: p.Name)))
            .ToHashSet();
        var mapped = await MappedRoutesAsync();

        var tableRoutes = Table.Keys.ToHashSet();
        Assert.All(documented, r => Assert.True(tableRoutes.Contains(r), $"{r.Method} {r.Route} is in the OpenAPI document but not in the scope table"));
        Assert.All(mapped, r => Assert.True(tableRoutes.Contains(r), $"{r.Method} {r.Route} is mapped but not in the scope table"));
        Assert.All(tableRoutes, r => Assert.True(mapped.Contains(r), $"{r.Method} {r.Route} is in the scope table but the server maps no such route"));
        Assert.Contains(("GET", "/hangfire/{**path}"), mapped);
        Assert.DoesNotContain(documented, r => r.Route.StartsWith("/hangfire", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_route_is_401_without_a_token_403_with_the_wrong_scope_and_served_with_the_right_one()
    {
        var failures = new List<string>();
        foreach (var ((method, route), access) in Table)
        {
            var path = Concrete(route);
            var anonymous = await SendAsync(method, path, null);
            if (access == Access.Public)
            {
                Expect(anonymous is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden), method, path, "no token", anonymous);
                continue;
            }
            Expect(anonymous == HttpStatusCode.Unauthorized, method, path, "no token", anonymous);
            var unknown = await SendAsync(method, path, "not-a-configured-token-0123456789");
            Expect(unknown == HttpStatusCode.Unauthorized, method, path, "an unknown token", unknown);
            if (access == Access.Signed)
            {
                // A bearer token is not a signature: still 401.
                var withToken = await SendAsync(method, path, SecurityFixture.Admin);
                Expect(withToken == HttpStatusCode.Unauthorized, method, path, "admin token, no signature", withToken);
                continue;
            }
            var (wrong, right) = access switch
            {
                Access.Read or Access.ReadAllTeams => (SecurityFixture.Ingester, SecurityFixture.Reader),
                Access.Ingest => (SecurityFixture.Reader, SecurityFixture.Ingester),
                _ => (SecurityFixture.ReadIngest, SecurityFixture.Admin),
            };
            var forbidden = await SendAsync(method, path, wrong);
            Expect(forbidden == HttpStatusCode.Forbidden, method, path, "the wrong scope", forbidden);
            var team = await SendAsync(method, path, SecurityFixture.TeamReader);
            Expect(access == Access.Read ? team != HttpStatusCode.Unauthorized : team == HttpStatusCode.Forbidden, method, path, "a team token", team);
            var allowed = await SendAsync(method, path, right);
            Expect(allowed is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden), method, path, "the right scope", allowed);
        }
        // Leave the kill switch as it was found.
        await SendAsync("DELETE", "/api/v1/cleanup/kill", SecurityFixture.Admin);
        Assert.True(failures.Count == 0, string.Join("\n", failures));

        void Expect(bool ok, string method, string path, string what, HttpStatusCode status)
        {
            if (!ok)
            {
                failures.Add($"{method} {path} with {what}: {(int)status}");
            }
        }
    }

    private string Concrete(string route) => route
        .Replace("{service}", fixture.Demo.Manifest.Services.First(s => s.Team == fixture.Team).Name, StringComparison.Ordinal)
        .Replace("{team}", fixture.Team, StringComparison.Ordinal)
        .Replace("{documentName}", "v1", StringComparison.Ordinal)
        .Replace("{format}", "json", StringComparison.Ordinal)
        .Replace("{id}", "x", StringComparison.Ordinal)
        .Replace("{**path}", "", StringComparison.Ordinal);

    private async Task<HttpStatusCode> SendAsync(string method, string path, string? token)
    {
        using var request = fixture.Server.Request(new HttpMethod(method), path, token);
        if (method is "POST" or "PUT")
        {
            var body = path.EndsWith("/query", StringComparison.Ordinal) ? """{"sql": "SELECT 1"}""" : "{}";
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }
        using var response = await fixture.Server.Http.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>The endpoint data source of the server as <c>serve</c> builds it (built, not started), with each endpoint's methods.</summary>
    private async Task<HashSet<(string Method, string Route)>> MappedRoutesAsync()
    {
        using var data = new TempDir("security-routes");
        try
        {
            await using var app = InsightsServer.Build("http://127.0.0.1:0", new Dictionary<string, string?> { ["Insights:Data"] = data.Path });
            return ((IEndpointRouteBuilder)app).DataSources
                .SelectMany(d => d.Endpoints)
                .OfType<RouteEndpoint>()
                .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (m, "/" + e.RoutePattern.RawText!.TrimStart('/'))))
                .ToHashSet();
        }
        finally
        {
            // Building the server points Hangfire's process-wide log provider at this host's LoggerFactory, which is disposed
            // with it; later in-process Hangfire users of this test run (the cluster ledger tests) must not log through it.
            Hangfire.Logging.LogProvider.SetCurrentLogProvider(null);
        }
    }
}
