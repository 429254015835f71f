using System.Text;
using Platform.Insights.Ingest;
using Platform.Insights.Ingest.Records;
using Platform.Insights.Ingest.Sources;

namespace Platform.Insights.Host.Server;

/// <summary>
/// <c>POST /api/v1/logs</c>: Elastic Common Schema NDJSON pushed over HTTP (<see cref="LogPushSource"/> does the work),
/// with a token of the <c>ingest</c> scope. A token with a <c>Team</c> writes only that team's services: each event whose
/// <c>service.name</c> the loaded catalog does not give the team is rejected as <c>service_not_of_team</c> (SECURITY.md).
/// Answers, like Elasticsearch's <c>_bulk</c>, per line: 200 <c>{"lines","stored","duplicates","rejected","errors":[{"line","error"}]}</c>
/// with the good lines stored even when others are bad; 400 when no line was good (nothing to store) or a gzip body is
/// broken; 413 over <c>MaxBodyBytes</c> (decompressed, for <c>Content-Encoding: gzip</c>) or <c>MaxLines</c> (nothing stored);
/// 415 not NDJSON/JSON/text or an encoding other than gzip; 503 + <c>Retry-After</c> (remote write's) when the data
/// directory cannot be written (disk full, read-only: nothing of the body was acknowledged, resend it); 500 storing failed
/// (safe to resend: what was stored is dropped as duplicates).
/// </summary>
public static class LogPushEndpoint
{
    public const string Path = "/api/v1/logs";

    private static readonly string[] Accepted = ["application/x-ndjson", "application/ndjson", "application/json", "text/plain"];

    public static IEndpointConventionBuilder MapLogPush(this IEndpointRouteBuilder app) =>
        app.MapPost(Path, HandleAsync)
            .WithMetadata(new RequiredScope(ApiScopes.Ingest))
            .WithSummary("Push Elastic Common Schema events as NDJSON; bad lines are reported by line number, good ones stored.");

    private static async Task<IResult> HandleAsync(HttpContext context, LogPushSource source, Microsoft.Extensions.Options.IOptions<RemoteWriteOptions> retry)
    {
        var request = context.Request;
        var type = request.ContentType ?? "";
        if (type.Length > 0 && !Accepted.Any(a => type.StartsWith(a, StringComparison.OrdinalIgnoreCase)))
        {
            return ApiErrors.Result(StatusCodes.Status415UnsupportedMediaType, $"Content-Type must be application/x-ndjson (one ECS JSON object per line), not '{type}'");
        }
        // The whole body is read before anything is stored, so a 413 never leaves half a body stored.
        var tokenLimit = ApiEndpoints.TokenOf(context).MaxRequestBytes;
        var read = tokenLimit < source.Options.MaxBodyBytes
            ? await RequestBody.ReadAsync(context, (int)tokenLimit.Value, "the token's MaxRequestBytes")
            : await RequestBody.ReadAsync(context, source.Options.MaxBodyBytes, $"{LogPushOptions.Section}:MaxBodyBytes");
        if (read.Problem is not null)
        {
            return read.Problem;
        }
        using var buffer = read.Body!;
        LogPushResult result;
        try
        {
            using var reader = new StreamReader(buffer, Encoding.UTF8);
            result = await source.PushAsync(reader, "body", ApiEndpoints.TokenOf(context).Team, context.RequestAborted);
        }
        catch (InputFormatException e)
        {
            return ApiErrors.Result(StatusCodes.Status413PayloadTooLarge, e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException && Platform.Insights.Ingest.Sinks.StoreWriteFailure.IsFileSystem(e))
        {
            context.Response.Headers.RetryAfter = Math.Ceiling(retry.Value.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return ApiErrors.Result(StatusCodes.Status503ServiceUnavailable, $"the store cannot be written now, resend the body later: {e.Message}");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return ApiErrors.Result(StatusCodes.Status500InternalServerError, $"storing failed, resend the body (stored lines are dropped as duplicates): {e.Message}");
        }
        var answer = new
        {
            lines = result.Lines,
            stored = result.Stored,
            duplicates = result.Duplicates,
            rejected = result.Rejected,
            rejectedByReason = result.RejectedByReason,
            errors = result.Errors.Select(e => new { line = e.Line, error = e.Message, reason = e.Reason }),
        };
        var nothingGood = result.Rejected > 0 && result.Rejected == result.Lines;
        return Results.Json(answer, statusCode: nothingGood ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK);
    }
}
