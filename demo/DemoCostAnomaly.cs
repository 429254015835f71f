namespace Platform.Insights.Demo;

/// <summary>The days [<see cref="Start"/>, <see cref="End"/>) on which every resource of <see cref="Service"/> costs <see cref="Factor"/> times its usual amount.</summary>
public sealed record DemoCostAnomaly(string Service, DateOnly Start, DateOnly End, decimal Factor);
