namespace Platform.Insights.Dashboards.Model;

/// <summary>A panel's place on Grafana's grid: 24 columns wide, <see cref="H"/> in rows of 30 px.</summary>
public sealed record GridPos(int X, int Y, int W, int H)
{
    public const int Columns = 24;

    public bool Overlaps(GridPos other) =>
        X < other.X + other.W && other.X < X + W && Y < other.Y + other.H && other.Y < Y + H;
}
