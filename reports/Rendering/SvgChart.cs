using System.Globalization;
using System.Net;
using System.Text;
using Platform.Insights.Reports.Model;

namespace Platform.Insights.Reports.Rendering;

/// <summary>
/// Draws a <see cref="ReportChart"/> as inline SVG (no script, no external resource, so it shows in e-mail clients and
/// prints): axes with labels and units, ticks, a legend, and the reference line (SLO, budget) dashed.
/// </summary>
public static class SvgChart
{
    private const int Width = 720, Height = 300, Left = 70, Right = 170, Top = 20, Bottom = 60;
    private static readonly string[] Palette = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];

    public static string Render(ReportChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"chart-{chart.Id}\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" role=\"img\" aria-label=\"{E(chart.Title)}\">");
        if (chart.Missing is not null || chart.Categories.Count == 0 || chart.Series.Count == 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"{Height / 2}\" text-anchor=\"middle\" class=\"missing\">missing: {E(chart.Missing ?? "no data")}</text></svg>");
            return sb.ToString();
        }
        var (min, max) = Range(chart);
        var plotW = Width - Left - Right;
        var plotH = Height - Top - Bottom;
        double Y(double v) => Top + plotH - ((v - min) / (max - min) * plotH);
        var slot = (double)plotW / chart.Categories.Count;

        // Axes, ticks and grid lines; an ordinal axis (bands) gets one named tick per level instead of numbers.
        var ticks = chart.Levels is { Count: > 0 } levels
            ? levels.Select((name, i) => (Value: (double)(i + 1), Label: E(name))).ToList()
            : [.. Enumerable.Range(0, 5).Select(i => min + ((max - min) * i / 4)).Select(v => (Value: v, Label: Tick(v, max - min)))];
        foreach (var (v, label) in ticks)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Left + plotW}\" y1=\"{Y(v):0.#}\" y2=\"{Y(v):0.#}\" stroke=\"#ddd\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{Y(v) + 4:0.#}\" text-anchor=\"end\" font-size=\"11\">{label}</text>");
        }
        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Left}\" y1=\"{Top}\" y2=\"{Top + plotH}\" stroke=\"#333\"/><line x1=\"{Left}\" x2=\"{Left + plotW}\" y1=\"{Top + plotH}\" y2=\"{Top + plotH}\" stroke=\"#333\"/>");
        var every = Math.Max(1, (int)Math.Ceiling(chart.Categories.Count / 12.0));
        for (var c = 0; c < chart.Categories.Count; c += every)
        {
            var x = Left + (slot * (c + 0.5));
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{x:0.#}\" y=\"{Top + plotH + 16}\" text-anchor=\"middle\" font-size=\"11\">{E(chart.Categories[c])}</text>");
        }
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + (plotW / 2)}\" y=\"{Height - 14}\" text-anchor=\"middle\" font-size=\"12\">{E(chart.XLabel)}</text>");
        sb.Append(CultureInfo.InvariantCulture, $"<text transform=\"translate(14 {Top + (plotH / 2)}) rotate(-90)\" text-anchor=\"middle\" font-size=\"12\">{E(chart.YLabel)}</text>");

        switch (chart.Kind)
        {
            case ChartKind.Line:
                for (var s = 0; s < chart.Series.Count; s++)
                {
                    var points = chart.Series[s].Values.Select((v, c) => v is { } y ? $"{Left + (slot * (c + 0.5)):0.#},{Y(y):0.#}" : null).Where(p => p is not null);
                    sb.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke-width=\"2\" stroke=\"{Palette[s % Palette.Length]}\" points=\"{string.Join(' ', points)}\"/>");
                }
                break;
            default:
                var stacked = chart.Kind == ChartKind.StackedBar;
                var barW = stacked ? slot * 0.7 : slot * 0.7 / chart.Series.Count;
                for (var c = 0; c < chart.Categories.Count; c++)
                {
                    var baseline = 0.0;
                    for (var s = 0; s < chart.Series.Count; s++)
                    {
                        if (chart.Series[s].Values[c] is not { } v)
                        {
                            continue;
                        }
                        var x = Left + (slot * c) + (slot * 0.15) + (stacked ? 0 : barW * s);
                        var (lo, hi) = stacked ? (baseline, baseline + v) : (Math.Max(min, 0), v);
                        baseline = stacked ? baseline + v : baseline;
                        sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x:0.#}\" y=\"{Y(hi):0.#}\" width=\"{barW:0.#}\" height=\"{Math.Max(0, Y(Math.Max(lo, min)) - Y(hi)):0.#}\" fill=\"{Palette[s % Palette.Length]}\"><title>{E(chart.Series[s].Name)} {E(chart.Categories[c])}: {ValueText(chart, v)}</title></rect>");
                    }
                }
                break;
        }
        if (chart.Reference is { } r && r >= min && r <= max)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Left + plotW}\" y1=\"{Y(r):0.#}\" y2=\"{Y(r):0.#}\" stroke=\"#c00\" stroke-dasharray=\"6 4\" stroke-width=\"1.5\"/>");
        }
        // Legend: one swatch per series, then the reference line.
        var ly = Top;
        for (var s = 0; s < chart.Series.Count && s < 14; s++, ly += 16)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Width - Right + 12}\" y=\"{ly}\" width=\"10\" height=\"10\" fill=\"{Palette[s % Palette.Length]}\"/><text x=\"{Width - Right + 26}\" y=\"{ly + 9}\" font-size=\"11\">{E(chart.Series[s].Name)}</text>");
        }
        if (chart.ReferenceLabel is not null)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Width - Right + 12}\" x2=\"{Width - Right + 22}\" y1=\"{ly + 5}\" y2=\"{ly + 5}\" stroke=\"#c00\" stroke-dasharray=\"3 2\" stroke-width=\"2\"/><text x=\"{Width - Right + 26}\" y=\"{ly + 9}\" font-size=\"11\">{E(chart.ReferenceLabel)}</text>");
        }
        sb.Append("</svg>");
        return sb.ToString();
    }

    /// <summary>The y range: bars from 0 (or near the data for narrow percentages like availability), stacks summed.</summary>
    private static (double Min, double Max) Range(ReportChart chart)
    {
        if (chart.Levels is { Count: > 0 } levels)
        {
            return (0, levels.Count);
        }
        var values = chart.Kind == ChartKind.StackedBar
            ? Enumerable.Range(0, chart.Categories.Count).Select(c => chart.Series.Sum(s => s.Values[c] ?? 0)).ToList()
            : chart.Series.SelectMany(s => s.Values).OfType<double>().ToList();
        if (chart.Reference is { } r)
        {
            values.Add(r);
        }
        var max = values.Count == 0 ? 1 : values.Max();
        var min = values.Count == 0 ? 0 : Math.Min(0, values.Min());
        if (chart.Kind == ChartKind.Bar && values.Count > 0 && values.Min() > 0 && values.Max() - values.Min() < values.Max() * 0.05)
        {
            // Availabilities of 99.5-100 % drawn from 0 would all look the same: zoom to the data around the SLO.
            min = Math.Floor(values.Min() - ((values.Max() - values.Min()) * 0.5) - 0.01);
            max = Math.Min(Math.Ceiling(values.Max()), values.Max() + 0.1);
        }
        if (max <= min)
        {
            max = min + 1;
        }
        return (min, max * (chart.Kind == ChartKind.Bar && min > 0 ? 1 : 1.05));
    }

    private static string ValueText(ReportChart chart, double value) =>
        chart.Levels is { Count: > 0 } levels && value >= 1 && value <= levels.Count ? E(levels[(int)value - 1]) : Tick(value, 0.01);

    private static string Tick(double value, double span) =>
        span >= 100 ? value.ToString("N0", CultureInfo.InvariantCulture) : value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(ReportText.Visible(text));
}
