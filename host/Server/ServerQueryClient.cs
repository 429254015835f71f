using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Insights.Analytics.Query;

namespace Platform.Insights.Host.Server;

/// <summary>The CLI's way to query a store that a running server holds: its <c>POST /api/v1/query</c>.</summary>
public static class ServerQueryClient
{
    public static async Task<QueryResult> QueryAsync(string baseUrl, string? token, string sql, int maxRows, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(5) };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        using var response = await http.PostAsJsonAsync("/api/v1/query", new QueryRequest(sql, maxRows), cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var error = await response.Content.ReadFromJsonAsync<ApiError>(cancellationToken);
            var message = $"server at {baseUrl}: {error?.Error ?? response.ReasonPhrase}";
            throw response.StatusCode == System.Net.HttpStatusCode.UnprocessableEntity
                ? new QueryTimeoutException(message)
                : new QueryRejectedException(message);
        }
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        var columns = body.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!).ToArray();
        var rows = body.GetProperty("rows").EnumerateArray()
            .Select(r => r.EnumerateArray().Select(Value).ToArray())
            .ToList();
        return new QueryResult(columns, rows, body.GetProperty("truncated").GetBoolean());
    }

    private static object? Value(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.Number => element.TryGetInt64(out var l) ? l : element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String => element.GetString(),
        _ => element.GetRawText(),
    };
}
