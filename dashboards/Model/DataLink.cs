namespace Platform.Insights.Dashboards.Model;

/// <summary>
/// A link on a field's values or a panel header. URLs use Grafana's interpolation: <c>${__field.labels.team}</c> (a
/// series' label), <c>${__data.fields.team}</c> (a table row's column), <c>${__url_time_range}</c> and
/// <c>${datasource:queryparam}</c> (carry the time range and data source along).
/// </summary>
public sealed record DataLink(string Title, string Url, bool TargetBlank = false);
