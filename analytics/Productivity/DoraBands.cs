namespace Platform.Insights.Analytics.Productivity;

/// <summary>The band of each DORA key (null: no data to grade, DevLake's "N/A").</summary>
public sealed record DoraBands(
    DoraBand? DeploymentFrequency,
    DoraBand? LeadTime,
    DoraBand? ChangeFailureRate,
    DoraBand? FailedDeploymentRecovery,
    DoraBand? TimeToRestore);
