namespace Platform.Insights.Ingest.Tests.Fuzz;

/// <summary>A parser returned or threw something its contract rules out (an error naming no file or line, a wrong file name).</summary>
public sealed class FuzzContractException(string message) : Exception(message);
