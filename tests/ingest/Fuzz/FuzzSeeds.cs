using System.Text;
using Platform.Insights.Ingest.Tests.Parsers;

namespace Platform.Insights.Ingest.Tests.Fuzz;

/// <summary>Seed inputs for the fuzzers: the head of each shared sample file (small, so mutations stay fast) and inline samples.</summary>
public static class FuzzSeeds
{
    /// <summary>The first <paramref name="lines"/> lines of a file under <c>shared/data</c>, or nothing when the file is absent.</summary>
    public static IEnumerable<byte[]> SharedHead(string relative, int lines = 12)
    {
        var path = TestFiles.SharedData(relative);
        if (!File.Exists(path))
        {
            yield break;
        }
        using var reader = new StreamReader(path);
        var text = new StringBuilder();
        for (var i = 0; i < lines && reader.ReadLine() is { } line; i++)
        {
            text.Append(line).Append('\n');
        }
        yield return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>The first lines of a test fixture under <c>tests/</c>.</summary>
    public static IEnumerable<byte[]> FixtureHead(string relativeToTests, int lines = 12)
    {
        var path = Path.Combine(TestFiles.RepoRoot, "tests", relativeToTests);
        var text = string.Join('\n', File.ReadLines(path).Take(lines)) + "\n";
        yield return Encoding.UTF8.GetBytes(text);
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static IReadOnlyList<byte[]> Tokens(params string[] tokens) => [.. tokens.Select(Utf8)];
}
