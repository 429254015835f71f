namespace Platform.Insights.Dashboards.Kpis;

/// <summary>
/// Every KPI gauge the exporter publishes (docs/METRICS.md is the contract the dashboards query). Cardinality is
/// bounded by services × windows: no resource ids, no free-form values as labels.
/// </summary>
public static class KpiMetricCatalog
{
    private static readonly string[] Windowed = ["scope", "team", "service", "window"];
    private static readonly string[] Scoped = ["scope", "team", "service"];

    public static KpiMetric Availability { get; } = new("insights_availability_ratio", "Availability over the rolling window (0..1): probe mean or 1 - 5xx / requests.", Windowed);
    public static KpiMetric Coverage { get; } = new("insights_sli_coverage_ratio", "SLI samples present / expected over the window (0..1).", Windowed);
    public static KpiMetric SloTarget { get; } = new("insights_slo_target_ratio", "The SLO target (0..1), from the catalog annotation insights.platform/slo.", Scoped);
    public static KpiMetric BudgetRemaining { get; } = new("insights_error_budget_remaining_ratio", "Error budget remaining over the window (1 = untouched, negative = overspent).", Windowed);
    public static KpiMetric BurnRate { get; } = new("insights_burn_rate", "Error budget burn rate per service over the SRE workbook's alert windows.", ["team", "service", "burn_window"]);
    public static KpiMetric Incidents { get; } = new("insights_incidents", "Incidents that started in the window.", Windowed);
    public static KpiMetric OpenIncidents { get; } = new("insights_open_incidents", "Incidents of the last 30 days still open.", Scoped);
    public static KpiMetric Mttr { get; } = new("insights_mttr_seconds", "Mean time to recover of the window's resolved incidents.", Windowed);
    public static KpiMetric MedianRecovery { get; } = new("insights_recovery_median_seconds", "Median recovery time of the window's resolved incidents.", Windowed);
    public static KpiMetric RecoveredWithinTarget { get; } = new("insights_recovered_within_target_ratio", "Share of the window's resolved incidents recovered within the target (5 minutes).", Windowed);

    public static KpiMetric CostDaily { get; } = new("insights_cost_daily", "Effective cost of the latest complete day, by currency.", ["scope", "team", "service", "currency"]);
    public static KpiMetric CostMonthToDate { get; } = new("insights_cost_month_to_date", "Effective cost from the 1st of the month through the latest complete day.", ["scope", "team", "currency"]);
    public static KpiMetric CostForecast { get; } = new("insights_cost_forecast_month", "Forecast effective cost of the whole month.", ["scope", "team", "currency"]);
    public static KpiMetric BudgetAmount { get; } = new("insights_budget_amount", "A configured monthly budget.", ["scope", "team", "service", "currency"]);
    public static KpiMetric BudgetRatio { get; } = new("insights_budget_ratio", "Month-end forecast / budget (1 = on budget).", Scoped);
    public static KpiMetric CostChangeVsBaseline { get; } = new("insights_cost_change_vs_baseline_ratio", "Daily cost of the last 30 days vs the configured baseline period, minus 1 (-0.25 = 25% cheaper).", ["scope", "team", "currency"]);
    public static KpiMetric Unallocated { get; } = new("insights_cost_unallocated_ratio", "Share of the last 30 days' effective cost allocated to no team.", ["currency"]);

    public static KpiMetric DoraDeploymentFrequency { get; } = new("insights_dora_deployment_frequency", "Successful production deployments per day over the window (DevLake's rules).", Windowed);
    public static KpiMetric DoraDeploymentDays { get; } = new("insights_dora_deployment_days", "Days with at least one successful production deployment in the window.", Windowed);
    public static KpiMetric DoraLeadTime { get; } = new("insights_dora_lead_time_seconds", "Median lead time for changes (deployment finished - first commit).", Windowed);
    public static KpiMetric DoraChangeFailure { get; } = new("insights_dora_change_failure_ratio", "Deployments with at least one linked incident / deployments.", Windowed);
    public static KpiMetric DoraRecovery { get; } = new("insights_dora_recovery_seconds", "Median failed-deployment recovery time (incident resolved - linked deployment finished).", Windowed);
    public static KpiMetric DoraTimeToRestore { get; } = new("insights_dora_time_to_restore_seconds", "Median time to restore service (incident resolved - started).", Windowed);
    public static KpiMetric DoraBand { get; } = new("insights_dora_band", "DORA band per key: 4 elite, 3 high, 2 medium, 1 low.", ["scope", "team", "service", "window", "key"]);

    /// <summary>
    /// The finish of the latest production deployment per service, production environment and outcome (success,
    /// failure), in Unix seconds: what the dashboards' deployment annotations read (Grafana's "series value as
    /// timestamp"). No version or commit label: those are unbounded; env is bounded by the configured production names.
    /// </summary>
    public static KpiMetric LastDeployment { get; } = new("insights_last_deployment_timestamp_seconds", "Finish of the latest production deployment (Unix seconds), by outcome (success, failure).", ["team", "service", "env", "outcome"]);

    public static KpiMetric ServiceAdoption { get; } = new("insights_platform_adoption_ratio", "Share of catalog services with a production deployment through the platform in the window.", ["scope", "team", "window"]);
    public static KpiMetric BuildSuccess { get; } = new("insights_ci_build_success_ratio", "CI builds that succeeded / builds.", ["scope", "team", "window"]);
    public static KpiMetric BuildDurationP95 { get; } = new("insights_ci_build_duration_p95_seconds", "95th percentile CI build duration.", ["scope", "team", "window"]);
    public static KpiMetric SetupP50 { get; } = new("insights_environment_setup_p50_seconds", "Median environment provisioning time.", ["scope", "team", "window"]);
    public static KpiMetric SetupChange { get; } = new("insights_environment_setup_change_ratio", "Median setup time vs the baseline period, minus 1 (-0.4 = 40% faster).", ["scope", "team", "window"]);
    public static KpiMetric SelfService { get; } = new("insights_self_service_ratio", "Share of environment provisioning done self-service.", ["scope", "team", "window"]);
    public static KpiMetric CycleTimeChange { get; } = new("insights_cycle_time_change_ratio", "Median development cycle time vs the baseline period, minus 1 (-0.5 = 50% faster).", ["scope", "team", "window"]);

    public static KpiMetric IdleSavingsMonthly { get; } = new("insights_idle_savings_monthly", "Monthly effective cost (FOCUS EffectiveCost) that acting on the idle, underutilized and scheduled findings would save.", ["team", "currency"]);
    public static KpiMetric IdleResources { get; } = new("insights_idle_resources", "Resources per idle-detection state (idle, underutilized, scheduled, active, undetermined) and type.", ["team", "kind", "state"]);

    public static KpiMetric ServiceInfo { get; } = new("insights_service_info", "A catalog service and its team (value 1).", ["team", "service", "system", "lifecycle"]);

    public static IReadOnlyList<KpiMetric> All { get; } =
    [
        Availability, Coverage, SloTarget, BudgetRemaining, BurnRate, Incidents, OpenIncidents, Mttr, MedianRecovery, RecoveredWithinTarget,
        CostDaily, CostMonthToDate, CostForecast, BudgetAmount, BudgetRatio, CostChangeVsBaseline, Unallocated,
        DoraDeploymentFrequency, DoraDeploymentDays, DoraLeadTime, DoraChangeFailure, DoraRecovery, DoraTimeToRestore, DoraBand, LastDeployment,
        ServiceAdoption, BuildSuccess, BuildDurationP95, SetupP50, SetupChange, SelfService, CycleTimeChange, IdleSavingsMonthly, IdleResources, ServiceInfo,
    ];
}
