namespace Platform.Insights.Dashboards.Model;

/// <summary>
/// A template variable: <c>datasource</c> (query = the plugin id, e.g. <c>prometheus</c>), <c>query</c> (a PromQL
/// <c>label_values(...)</c> against <see cref="Datasource"/>) or <c>custom</c> (comma-separated values).
/// </summary>
public sealed class Variable
{
    public required string Name { get; init; }

    public required string Type { get; init; }

    public string? Label { get; init; }

    public string? Description { get; init; }

    public required string Query { get; init; }

    /// <summary>The query as shown in the variable list (Grafana's <c>definition</c>).</summary>
    public string? Definition { get; init; }

    public DataSourceRef? Datasource { get; init; }

    public VariableOption Current { get; init; } = new("", "");

    public IReadOnlyList<VariableOption> Options { get; init; } = [];

    /// <summary>0 never, 1 on dashboard load, 2 on time range change (query variables).</summary>
    public int Refresh { get; init; } = 1;

    /// <summary>1 = alphabetical ascending.</summary>
    public int Sort { get; init; } = 1;

    public bool IncludeAll { get; init; }

    public bool Multi { get; init; }

    /// <summary>0 shown, 1 label hidden, 2 hidden.</summary>
    public int Hide { get; init; }

    public string Regex { get; init; } = "";

    public bool SkipUrlSync { get; init; }
}
