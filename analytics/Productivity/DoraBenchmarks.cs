namespace Platform.Insights.Analytics.Productivity;

/// <summary>Which State of DevOps report's performance bands the DORA figures are graded against (DevLake's "benchmarks" switch).</summary>
public enum DoraBenchmarks
{
    Report2023,
    Report2021,
}
