using System.Text;

namespace Platform.Insights.Dashboards.Provisioning;

/// <summary>The Grafana folder's uid: derived from its name alone (never random), so provisioning and publishing agree.</summary>
public static class GrafanaFolder
{
    /// <summary><c>Insights</c> → <c>insights-folder</c>: lower-case letters and digits, other runs as '-', at most 40 characters.</summary>
    public static string UidFor(string name)
    {
        var slug = new StringBuilder();
        foreach (var c in name.Trim().ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }
        var core = slug.ToString().Trim('-');
        core = core.Length == 0 ? "insights" : core;
        return (core.Length > 33 ? core[..33].TrimEnd('-') : core) + "-folder";
    }
}
