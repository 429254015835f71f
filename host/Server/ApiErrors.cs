namespace Platform.Insights.Host.Server;

/// <summary>The API's one error shape: <c>{"error": "...", "status": N}</c>.</summary>
public static class ApiErrors
{
    public static Task WriteAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new ApiError(message, status), context.RequestAborted);
    }

    public static IResult Result(int status, string message) => Results.Json(new ApiError(message, status), statusCode: status);
}
