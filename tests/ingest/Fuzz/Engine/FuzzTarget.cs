namespace Platform.Insights.Ingest.Tests.Fuzz;

/// <summary>
/// A parser under fuzzing: how to feed it one input (<see cref="Run"/> reads the whole input and throws
/// <see cref="FuzzContractException"/> when a result breaks the parser's contract, e.g. an error without file or
/// line), which exceptions its documentation allows, the seed inputs and the tokens mutations splice in.
/// </summary>
public sealed record FuzzTarget(
    string Name,
    IReadOnlyList<byte[]> Seeds,
    IReadOnlyList<byte[]> Tokens,
    Action<byte[]> Run,
    Func<Exception, bool> IsDocumented)
{
    public override string ToString() => Name;
}
