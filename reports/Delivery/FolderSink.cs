namespace Platform.Insights.Reports.Delivery;

/// <summary>The default sink: the files are already in the report folder (<c>DATA/reports/ID/</c>); it checks they are there.</summary>
public sealed class FolderSink : IReportSink
{
    public string Name => "folder";

    public bool Enabled => true;

    public Task DeliverAsync(GeneratedReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var absent = report.Files.Where(f => !File.Exists(f)).ToList();
        return absent.Count == 0 ? Task.CompletedTask : throw new IOException($"report files missing: {string.Join(", ", absent)}");
    }
}
