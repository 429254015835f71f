namespace Platform.Insights.Analytics.Tests.Support;

/// <summary>Locations outside the test output: the repository root and the shared sample data beside it.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string SharedBillingData => Path.GetFullPath(Path.Combine(Root, "..", "shared", "data", "billing"));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Platform.Insights.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No Platform.Insights.sln above {AppContext.BaseDirectory}");
    }
}
