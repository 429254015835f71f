namespace Platform.Insights.Reports;

/// <summary>
/// Puts a report's folder back in order after a process was killed while generating it: the staging folder of an
/// unfinished run is discarded, and a folder retired by a swap that did not finish is restored (or, when the new one
/// made it into place, removed).
/// </summary>
internal static class ReportFolders
{
    public static void RecoverSwap(string directory, string staging, string retired)
    {
        if (!Directory.Exists(directory) && Directory.Exists(retired))
        {
            Directory.Move(retired, directory);
        }
        if (Directory.Exists(retired))
        {
            Directory.Delete(retired, recursive: true);
        }
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }
    }
}
