namespace Platform.Insights.Demo.Model;

internal sealed class TeamModel(int index, string name, string displayName)
{
    public int Index { get; } = index;
    public string Name { get; } = name;
    public string DisplayName { get; } = displayName;
    public List<string> Systems { get; } = [];
}
