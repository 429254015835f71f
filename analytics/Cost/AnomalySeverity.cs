namespace Platform.Insights.Analytics.Cost;

/// <summary>How far from its baseline an anomalous day is, by |robust z| (<see cref="CostAnomalyOptions"/> thresholds).</summary>
public enum AnomalySeverity
{
    Minor,
    Major,
    Critical,
}
