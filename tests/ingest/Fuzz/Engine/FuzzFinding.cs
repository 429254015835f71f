namespace Platform.Insights.Ingest.Tests.Fuzz;

/// <summary>One input that broke a target: <c>crash</c> (an undocumented exception), <c>contract</c>, <c>hang</c> or <c>allocation</c>.</summary>
public sealed record FuzzFinding(string Kind, byte[] Input, string Detail)
{
    public override string ToString() => $"{Kind} on {Input.Length} bytes: {Detail}";
}
