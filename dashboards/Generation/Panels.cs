using Platform.Insights.Dashboards.Model;

namespace Platform.Insights.Dashboards.Generation;

/// <summary>
/// Panel constructors with the settings every generated panel shares: the <c>${datasource}</c> variable, code-mode
/// PromQL targets A, B, …, a unit and thresholds. Ids and grid positions are assigned by <see cref="DashboardLayout"/>.
/// </summary>
public static class Panels
{
    /// <summary>Current value with its history as a sparkline, coloured by the thresholds.</summary>
    public static Panel Stat(string title, Query query, string unit, Thresholds thresholds, int w = 4, int h = 4,
        string? description = null, int? decimals = null, IReadOnlyList<ValueMapping>? mappings = null, IReadOnlyList<DataLink>? links = null) =>
        Data("stat", title, [query], w, h, description,
            new FieldDefaults { Unit = unit, Decimals = decimals, Thresholds = thresholds, Color = FieldColor.ByThresholds, Mappings = mappings ?? [], Links = links },
            new PanelOptions
            {
                ReduceOptions = ReduceOptions.Last,
                Orientation = "auto",
                TextMode = "auto",
                ColorMode = "value",
                GraphMode = "area",
                JustifyMode = "auto",
                ShowPercentChange = false,
            });

    public static Panel Gauge(string title, Query query, string unit, Thresholds thresholds, double min, double max, int w = 4, int h = 5,
        string? description = null, int? decimals = null) =>
        Data("gauge", title, [query], w, h, description,
            new FieldDefaults { Unit = unit, Decimals = decimals, Min = min, Max = max, Thresholds = thresholds, Color = FieldColor.ByThresholds, Mappings = [] },
            new PanelOptions { ReduceOptions = ReduceOptions.Last, Orientation = "auto", ShowThresholdLabels = false, ShowThresholdMarkers = true });

    /// <summary>One bar per series (ranked lists: worst services, budget use by team).</summary>
    public static Panel BarGauge(string title, Query query, string unit, Thresholds thresholds, int w = 8, int h = 8,
        string? description = null, double? min = null, double? max = null, IReadOnlyList<DataLink>? links = null) =>
        Data("bargauge", title, [query with { Instant = true }], w, h, description,
            new FieldDefaults { Unit = unit, Min = min, Max = max, Thresholds = thresholds, Color = FieldColor.ByThresholds, Mappings = [], Links = links },
            new PanelOptions
            {
                ReduceOptions = ReduceOptions.Last,
                Orientation = "horizontal",
                DisplayMode = "gradient",
                ShowUnfilled = true,
                ValueMode = "color",
                NamePlacement = "auto",
            });

    /// <summary>History of one or more queries; <paramref name="targetLine"/> draws the thresholds (the targets) as lines.</summary>
    public static Panel TimeSeries(string title, IReadOnlyList<Query> queries, string unit, int w = 12, int h = 8, string? description = null,
        Thresholds? thresholds = null, bool targetLine = false, bool stacked = false, bool bars = false, IReadOnlyList<DataLink>? links = null,
        double? min = null, double? max = null) =>
        Data("timeseries", title, queries, w, h, description,
            new FieldDefaults
            {
                Unit = unit,
                Min = min,
                Max = max,
                Thresholds = thresholds ?? Thresholds.Neutral("green"),
                Color = FieldColor.Palette,
                Mappings = [],
                Links = links,
                Custom = bars ? FieldCustom.Bars() : FieldCustom.Lines(stacked ? 60 : 10, targetLine && thresholds is not null, stacked),
            },
            new PanelOptions { Legend = LegendOptions.Bottom, Tooltip = TooltipOptions.All });

    /// <summary>
    /// A table of instant queries merged on their labels (one row per series), the value columns renamed to
    /// <paramref name="columns"/> (in query order) and the label columns in <paramref name="labels"/> kept.
    /// </summary>
    public static Panel Table(string title, IReadOnlyList<Query> queries, IReadOnlyList<string> columns, IReadOnlyList<string> labels,
        IReadOnlyList<FieldOverride> overrides, int w = 24, int h = 9, string? description = null, string? sortBy = null, bool sortDescending = false)
    {
        var rename = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < columns.Count; i++)
        {
            rename[queries.Count == 1 ? "Value" : $"Value #{RefId(i)}"] = columns[i];
        }
        // organize orders (and excludes) by the fields' original names: the label columns, then Value / Value #A, #B, ….
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (name, i) in labels.Concat(rename.Keys).Select((n, i) => (n, i)))
        {
            index[name] = i;
        }
        var table = Data("table", title, [.. queries.Select(q => q with { Instant = true })], w, h, description,
            new FieldDefaults { Thresholds = Thresholds.Neutral("text"), Mappings = [], Custom = new FieldCustom { Align = "auto", Filterable = true } },
            new PanelOptions { ShowHeader = true, CellHeight = "sm", SortBy = sortBy is null ? [] : [new TableSortBy(sortBy, sortDescending)] },
            table: true);
        return table with
        {
            FieldConfig = new FieldConfig { Defaults = table.FieldConfig!.Defaults, Overrides = overrides },
            Transformations =
            [
                new Transformation("merge", TransformationOptions.None),
                new Transformation("organize", new TransformationOptions
                {
                    ExcludeByName = new Dictionary<string, bool>(StringComparer.Ordinal) { ["Time"] = true, ["__name__"] = true },
                    RenameByName = rename,
                    IndexByName = index,
                }),
            ],
        };
    }

    /// <summary>A markdown note (no query, no data source).</summary>
    public static Panel Text(string title, string markdown, int w = 24, int h = 3) => new()
    {
        Id = 0,
        Type = "text",
        Title = title,
        GridPos = new GridPos(0, 0, w, h),
        Options = new PanelOptions { Mode = "markdown", Content = markdown },
    };

    public static string RefId(int index) => ((char)('A' + index)).ToString();

    private static Panel Data(string type, string title, IReadOnlyList<Query> queries, int w, int h, string? description,
        FieldDefaults defaults, PanelOptions options, bool table = false) => new()
    {
        Id = 0,
        Type = type,
        Title = title,
        Description = description,
        GridPos = new GridPos(0, 0, w, h),
        Datasource = DataSourceRef.Prometheus,
        Targets = [.. queries.Select((q, i) => new Target
        {
            RefId = RefId(i),
            Expr = KpiHold.Apply(q.Expr),
            LegendFormat = q.Legend ?? "__auto",
            Instant = q.Instant,
            Range = !q.Instant,
            Format = table ? "table" : null,
        })],
        FieldConfig = new FieldConfig { Defaults = defaults },
        Options = options,
    };
}
