using Platform.Insights.Dashboards.Model;

namespace Platform.Insights.Dashboards.Generation;

/// <summary>
/// Places panels on Grafana's 24-column grid in reading order — left to right, a new line when a panel does not fit,
/// a full-width row header per section — and numbers them 1, 2, …, so positions never overlap and ids are unique
/// and stable for a given dashboard definition.
/// </summary>
public sealed class DashboardLayout
{
    private readonly List<Panel> _panels = [];
    private int _x;
    private int _y;
    private int _lineHeight;

    public IReadOnlyList<Panel> Panels => _panels;

    public DashboardLayout Row(string title)
    {
        NewLine();
        _panels.Add(new Panel
        {
            Id = _panels.Count + 1,
            Type = "row",
            Title = title,
            GridPos = new GridPos(0, _y, GridPos.Columns, 1),
            Collapsed = false,
            Panels = [],
        });
        _y += 1;
        return this;
    }

    public DashboardLayout Add(params Panel[] panels)
    {
        foreach (var panel in panels)
        {
            var w = Math.Clamp(panel.GridPos.W, 1, GridPos.Columns);
            if (_x + w > GridPos.Columns)
            {
                NewLine();
            }
            _panels.Add(panel with { Id = _panels.Count + 1, GridPos = new GridPos(_x, _y, w, panel.GridPos.H) });
            _x += w;
            _lineHeight = Math.Max(_lineHeight, panel.GridPos.H);
        }
        return this;
    }

    private void NewLine()
    {
        _y += _lineHeight;
        _x = 0;
        _lineHeight = 0;
    }
}
