namespace Platform.Insights.Analytics.Tests.Support;

public static class Names
{
    /// <summary>A name no other test on a shared cluster uses (service names, teams, file contents).</summary>
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];
}
