using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Insights.Dashboards.Checks;
using Platform.Insights.Dashboards.Generation;
using Platform.Insights.Dashboards.Model;

namespace Platform.Insights.Dashboards.Tests.Generation;

public sealed class GeneratedDashboardTests
{
    private static readonly IReadOnlyList<Dashboard> Set = InsightsDashboards.All(DashboardSettings.Default);

    private static readonly Dictionary<string, string> Sample = new(StringComparer.Ordinal) { ["team"] = "payments", ["service"] = "checkout" };

    [Fact]
    public void Every_generated_dashboard_passes_the_static_checks() => Assert.Empty(DashboardLint.Problems(Set));

    [Fact]
    public void The_set_has_the_eight_dashboards_under_fixed_uids() =>
        Assert.Equal(
            ["insights-org", "insights-team", "insights-service", "insights-cost", "insights-slo", "insights-dora", "insights-idle", "insights-pipeline"],
            Set.Select(d => d.Uid));

    [Fact]
    public void Generating_twice_gives_byte_identical_json() =>
        Assert.Equal(
            Set.Select(DashboardJson.Serialize),
            InsightsDashboards.All(DashboardSettings.Default).Select(DashboardJson.Serialize));

    [Fact]
    public void Every_expression_with_team_and_service_substituted_is_plain_promql()
    {
        var expressions = DashboardQueries.Expressions(Set, Sample);
        Assert.True(expressions.Count > 100, $"only {expressions.Count} expressions");
        Assert.All(expressions, e => Assert.Empty(PromQlSyntax.Problems(e.Expr, variablesAllowed: false)));
        Assert.Contains(expressions, e => e.Expr == "last_over_time(insights_availability_ratio{scope=\"service\",team=\"payments\",service=\"checkout\",window=\"30d\"}[1h])");
        Assert.Contains(expressions, e => e.Expr.Contains("[5m]", StringComparison.Ordinal));
    }

    [Fact]
    public void A_window_given_replaces_the_default()
    {
        var expressions = DashboardQueries.Expressions(Set, new Dictionary<string, string>(Sample) { ["window"] = "7d" });
        Assert.Contains(expressions, e => e.Expr.Contains("window=\"7d\"", StringComparison.Ordinal));
        Assert.DoesNotContain(expressions, e => e.Expr.Contains("insights_availability_ratio", StringComparison.Ordinal) && e.Expr.Contains("window=\"30d\"", StringComparison.Ordinal));
    }

    [Fact]
    public void An_expression_needing_a_team_without_one_given_names_the_variable()
    {
        var error = Assert.Throws<ArgumentException>(() => DashboardQueries.Expressions(Set, new Dictionary<string, string>()));
        Assert.Contains("'team'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_idle_metrics_are_marked_as_needing_the_rules_full_window_and_their_panels_say_so()
    {
        var expressions = DashboardQueries.Expressions(Set, Sample);
        var pending = expressions.Where(e => e.Pending).ToList();
        Assert.NotEmpty(pending);
        var panels = Set.SelectMany(d => DashboardQueries.Flatten(d.Panels).Select(p => (d.Uid, p))).ToDictionary(x => (x.Uid, x.p.Id), x => x.p);
        Assert.All(pending, e => Assert.Equal(IdlePanels.PendingNote, panels[(e.DashboardUid, e.PanelId)].Description));
        Assert.All(expressions.Where(e => !e.Pending), e => Assert.DoesNotContain("insights_idle_", e.Expr, StringComparison.Ordinal));
    }

    [Fact]
    public void The_json_names_the_datasource_by_variable_and_keeps_the_null_base_threshold()
    {
        var json = JsonNode.Parse(DashboardJson.Serialize(Set[0]))!;
        Assert.Equal(Dashboard.CurrentSchemaVersion, json["schemaVersion"]!.GetValue<int>());
        Assert.Null(json["id"]);
        Assert.True(json.AsObject().ContainsKey("id"));
        var datasource = json["templating"]!["list"]![0]!;
        Assert.Equal("datasource", datasource["type"]!.GetValue<string>());
        Assert.Equal("prometheus", datasource["query"]!.GetValue<string>());
        var stat = json["panels"]!.AsArray().First(p => p!["type"]!.GetValue<string>() == "stat")!;
        Assert.Equal("${datasource}", stat["datasource"]!["uid"]!.GetValue<string>());
        var steps = stat["fieldConfig"]!["defaults"]!["thresholds"]!["steps"]!.AsArray();
        Assert.True(steps[0]!.AsObject().ContainsKey("value"));
        Assert.Null(steps[0]!["value"]);
        Assert.Equal(0.999, steps[^1]!["value"]!.GetValue<double>());
        Assert.DoesNotContain("\\u0022", DashboardJson.Serialize(Set[0]), StringComparison.Ordinal);
    }

    [Fact]
    public void Dora_bands_map_4_to_elite_and_1_to_low()
    {
        var json = JsonNode.Parse(DashboardJson.Serialize(Set.Single(d => d.Uid == DashboardUids.Dora)))!;
        var stat = json["panels"]!.AsArray().First(p => p!["title"]!.GetValue<string>() == "DORA bands")!;
        var options = stat["fieldConfig"]!["defaults"]!["mappings"]![0]!["options"]!;
        Assert.Equal("Elite", options["4"]!["text"]!.GetValue<string>());
        Assert.Equal("Low", options["1"]!["text"]!.GetValue<string>());
        Assert.Equal("value", stat["fieldConfig"]!["defaults"]!["mappings"]![0]!["type"]!.GetValue<string>());
    }

    [Fact]
    public void The_organisation_links_to_teams_and_teams_to_services_with_the_series_labels()
    {
        var org = DashboardLint.Links(Set.Single(d => d.Uid == DashboardUids.Org)).Select(l => l.Url).ToList();
        Assert.Contains(org, u => u.StartsWith("/d/insights-team/", StringComparison.Ordinal) && u.Contains("var-team=${__field.labels.team:percentencode}", StringComparison.Ordinal));
        var team = DashboardLint.Links(Set.Single(d => d.Uid == DashboardUids.Team)).Select(l => l.Url).ToList();
        Assert.Contains(team, u => u.StartsWith("/d/insights-service/", StringComparison.Ordinal) && u.Contains("var-service=${__field.labels.service:percentencode}", StringComparison.Ordinal));
        Assert.Contains(team, u => u.Contains("var-service=${__data.fields.service:percentencode}", StringComparison.Ordinal));
    }

    [Fact]
    public void The_service_dashboard_marks_incidents_as_annotations_from_prometheus()
    {
        var service = Set.Single(d => d.Uid == DashboardUids.Service);
        var incidents = Assert.Single(service.Annotations.List, a => a.Expr?.Contains("insights_open_incidents", StringComparison.Ordinal) == true);
        Assert.Equal(DataSourceRef.Prometheus, incidents.Datasource);
        Assert.Equal("Incidents", incidents.Name);
    }

    [Fact]
    public void The_service_and_team_dashboards_mark_each_deployment_at_its_finish_from_the_last_deployment_gauge()
    {
        var service = Set.Single(d => d.Uid == DashboardUids.Service);
        var deployments = service.Annotations.List.Where(a => a.Expr?.Contains("insights_last_deployment_timestamp_seconds", StringComparison.Ordinal) == true).ToList();
        Assert.Equal(["Deployments", "Failed deployments"], deployments.Select(a => a.Name));
        Assert.Equal(
            "last_over_time(insights_last_deployment_timestamp_seconds{team=\"$team\",service=\"$service\",outcome=\"success\"}[1h]) * 1000",
            deployments[0].Expr);
        Assert.Contains("outcome=\"failure\"", deployments[1].Expr, StringComparison.Ordinal);
        Assert.All(deployments, a =>
        {
            Assert.True(a.UseValueForTime, a.Name);
            Assert.Equal(DataSourceRef.Prometheus, a.Datasource);
        });
        var team = Set.Single(d => d.Uid == DashboardUids.Team);
        var teamDeployments = Assert.Single(team.Annotations.List, a => a.Expr is not null);
        Assert.Contains("insights_last_deployment_timestamp_seconds{team=\"$team\",outcome=\"success\"}", teamDeployments.Expr, StringComparison.Ordinal);
        // The JSON Grafana reads: the value is the time.
        Assert.Contains("\"useValueForTime\": true", DashboardJson.Serialize(service), StringComparison.Ordinal);
    }

    [Fact]
    public void Money_panels_take_the_configured_currency_as_unit_and_selector()
    {
        var euro = InsightsDashboards.All(new DashboardSettings("EUR"));
        var cost = DashboardJson.Serialize(euro.Single(d => d.Uid == DashboardUids.Cost));
        Assert.Contains("\"currencyEUR\"", cost, StringComparison.Ordinal);
        Assert.Contains("currency=\\\"EUR\\\"", cost, StringComparison.Ordinal);
        Assert.DoesNotContain("USD", cost, StringComparison.Ordinal);
        Assert.Equal("suffix: CAD", new DashboardSettings("CAD").MoneyUnit);
    }

    [Fact]
    public void Every_kpi_metric_of_the_contract_is_on_some_panel()
    {
        var exprs = string.Join('\n', DashboardQueries.Expressions(Set, Sample).Select(e => e.Expr));
        string[] contract =
        [
            "insights_availability_ratio", "insights_slo_target_ratio", "insights_error_budget_remaining_ratio", "insights_burn_rate", "insights_incidents",
            "insights_open_incidents", "insights_mttr_seconds", "insights_recovery_median_seconds", "insights_recovered_within_target_ratio",
            "insights_cost_daily", "insights_cost_month_to_date", "insights_cost_forecast_month", "insights_budget_amount", "insights_budget_ratio",
            "insights_cost_change_vs_baseline_ratio", "insights_cost_unallocated_ratio", "insights_dora_deployment_frequency", "insights_dora_lead_time_seconds",
            "insights_dora_change_failure_ratio", "insights_dora_recovery_seconds", "insights_dora_band", "insights_service_info",
            "insights_kpi_last_refresh_timestamp_seconds", "insights_kpi_refresh_duration_seconds", "insights_ingest_received_total",
            "insights_ingest_stored_total", "insights_ingest_dropped_total", "insights_ingest_errors_total", "insights_store_queue_requests",
            "insights_remote_write_request_duration_seconds_bucket", "insights_prometheus_pull_checkpoint_timestamp_seconds",
            "insights_idle_savings_monthly", "insights_idle_resources", "insights_last_deployment_timestamp_seconds",
        ];
        Assert.All(contract, metric => Assert.Contains(metric, exprs, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_dashboard_round_trips_through_json_unchanged()
    {
        foreach (var dashboard in Set)
        {
            var json = DashboardJson.Serialize(dashboard);
            var again = JsonSerializer.Serialize(JsonNode.Parse(json), DashboardJson.Options);
            Assert.Equal(json, again);
        }
    }
}
