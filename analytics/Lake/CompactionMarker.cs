using System.Text.Json;

namespace Platform.Insights.Analytics.Lake;

/// <summary>A compaction's record of the files it merged into <see cref="CompactedFile"/>, and when.</summary>
public sealed record CompactionMarker(string Path, string CompactedFile, IReadOnlyList<string> Replaces, DateTimeOffset At)
{
    public static CompactionMarker? Read(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var root = document.RootElement;
            var name = System.IO.Path.GetFileName(path);
            return new CompactionMarker(path, name[..^LakeLayout.MarkerExtension.Length] + LakeLayout.FileExtension,
                [.. root.GetProperty("replaces").EnumerateArray().Select(e => e.GetString()!)],
                root.GetProperty("at").GetDateTimeOffset());
        }
        catch (FileNotFoundException)
        {
            // Deleted by a compactor's clean-up since the listing: its files were deleted before it, so nothing is retired.
            return null;
        }
    }

    public static string Render(IReadOnlyList<string> replaces, DateTimeOffset at) =>
        JsonSerializer.Serialize(new { at, replaces });
}
