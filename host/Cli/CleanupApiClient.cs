using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Insights.Cleanup.Execution;
using Platform.Insights.Cleanup.Planning;
using Platform.Insights.Cleanup.Store;
using Platform.Insights.Host.Server;

namespace Platform.Insights.Host.Cli;

/// <summary>
/// The cleanup verbs' calls to a server's <c>/api/v1/cleanup</c> (<see cref="CleanupServer"/>), answered with the same
/// types the local store gives, so both print alike. A guardrail's refusal (409) is a <see cref="CleanupRefusedException"/>,
/// no detector (503) a <see cref="CleanupUnavailableException"/>, bad input (400) a <see cref="UsageException"/>, anything
/// else a <see cref="ServerCallException"/> naming the server and its answer.
/// </summary>
public sealed class CleanupApiClient : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _http;

    public CleanupApiClient(CleanupServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        Server = server.Url;
        _http = new HttpClient { BaseAddress = server.Url, Timeout = TimeSpan.FromMinutes(5) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.Token);
    }

    public Uri Server { get; }

    public Task<List<CleanupPlan>> PlanAsync(string? policy, CancellationToken cancellationToken) =>
        SendAsync<List<CleanupPlan>>(HttpMethod.Post, "api/v1/cleanup/plans" + (policy is null ? "" : "?policy=" + Uri.EscapeDataString(policy)), null, cancellationToken);

    public Task<CleanupApproval> ApproveAsync(string plan, string hash, CancellationToken cancellationToken) =>
        SendAsync<CleanupApproval>(HttpMethod.Post, $"api/v1/cleanup/plans/{Uri.EscapeDataString(plan)}/approve", new ApproveRequest(hash), cancellationToken);

    /// <summary>The Hangfire job ids of the batches the server enqueued.</summary>
    public async Task<IReadOnlyList<string>> ApplyAsync(string plan, CancellationToken cancellationToken)
    {
        var body = await SendAsync<JsonElement>(HttpMethod.Post, $"api/v1/cleanup/plans/{Uri.EscapeDataString(plan)}/apply", null, cancellationToken);
        return [.. body.GetProperty("jobs").EnumerateArray().Select(j => j.GetString() ?? "")];
    }

    public Task<CleanupStatus> StatusAsync(int plans, CancellationToken cancellationToken) =>
        SendAsync<CleanupStatus>(HttpMethod.Get, $"api/v1/cleanup/status?plans={plans}", null, cancellationToken);

    public Task<CleanupStepResult> UndoAsync(string step, CancellationToken cancellationToken) =>
        SendAsync<CleanupStepResult>(HttpMethod.Post, $"api/v1/cleanup/steps/{Uri.EscapeDataString(step)}/undo", null, cancellationToken);

    public Task KillAsync(string reason, CancellationToken cancellationToken) =>
        SendAsync<JsonElement>(HttpMethod.Post, "api/v1/cleanup/kill", new KillRequest(reason), cancellationToken);

    /// <summary>Releases the run-time switch; true when the switch is off now (configuration's own switch may keep it on).</summary>
    public async Task<bool> ReleaseAsync(CancellationToken cancellationToken) =>
        !(await SendAsync<JsonElement>(HttpMethod.Delete, "api/v1/cleanup/kill", null, cancellationToken)).GetProperty("killSwitch").GetBoolean();

    public void Dispose() => _http.Dispose();

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        }
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new ServerCallException($"server {Server}: {e.Message}", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ServerCallException($"server {Server}: no answer within {_http.Timeout.TotalMinutes:0} minutes", e);
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return JsonSerializer.Deserialize<T>(text, Json) ?? throw new ServerCallException($"server {Server}: empty answer to {method} /{path}");
            }
            var error = ErrorOf(text) ?? response.ReasonPhrase ?? "";
            throw response.StatusCode switch
            {
                HttpStatusCode.Conflict => new CleanupRefusedException(error),
                HttpStatusCode.ServiceUnavailable => new CleanupUnavailableException($"server {Server}: {error}"),
                HttpStatusCode.BadRequest or HttpStatusCode.NotFound => new UsageException($"server {Server}: {error}"),
                _ => new ServerCallException($"server {Server}: {(int)response.StatusCode} {error}"),
            };
        }
    }

    private static string? ErrorOf(string text)
    {
        try
        {
            return JsonSerializer.Deserialize<ApiError>(text, Json)?.Error;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
