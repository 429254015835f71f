namespace Platform.Insights.Host.Server;

/// <summary>A request body read whole (<see cref="Body"/>, positioned at its start; the caller disposes it), or the answer to give instead.</summary>
public sealed record RequestBodyRead(MemoryStream? Body, IResult? Problem)
{
    public static RequestBodyRead Fail(IResult problem) => new(null, problem);
}
