namespace Platform.Insights.Reports;

/// <summary>The reports' SQL files, embedded next to the C# that runs them (LogicalName = the file name).</summary>
public static class ReportSql
{
    public static string Load(string name)
    {
        using var stream = typeof(ReportSql).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded SQL '{name}' is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
