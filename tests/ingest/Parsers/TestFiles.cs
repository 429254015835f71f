using System.IO.Compression;
using System.Text;

namespace Platform.Insights.Ingest.Tests.Parsers;

/// <summary>Locates shared sample data from the repository and writes temporary input files for tests.</summary>
internal static class TestFiles
{
    /// <summary>The repository root: the first directory above the test binaries holding Platform.Insights.sln.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>A path under the shared data directory that sits beside the repository (<c>../shared/data</c>).</summary>
    public static string SharedData(string relative) => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "data", relative));

    public static string WriteTemp(byte[] content, string extension)
    {
        var path = Path.Combine(Path.GetTempPath(), $"insights-parsers-{Guid.NewGuid():N}{extension}");
        File.WriteAllBytes(path, content);
        return path;
    }

    /// <summary>What <c>gzip &lt; /dev/null</c> writes: a member holding no bytes (<see cref="Gzip"/> of "" writes nothing at all).</summary>
    public static byte[] EmptyGzipMember => [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    public static byte[] Gzip(string text)
    {
        using var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.Fastest, leaveOpen: true))
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            gzip.Write(bytes);
        }
        return memory.ToArray();
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Platform.Insights.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"Platform.Insights.sln not found above {AppContext.BaseDirectory}");
    }
}
