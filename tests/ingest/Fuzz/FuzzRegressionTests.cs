using Platform.Insights.Ingest.Tests.Parsers;

namespace Platform.Insights.Ingest.Tests.Fuzz;

/// <summary>
/// Inputs that once broke a parser, kept under <c>tests/ingest/Fuzz/Regressions/&lt;target&gt;/</c> (raw bytes, any
/// extension): each must now be handled — a documented error or a result, in time and memory.
/// </summary>
public sealed class FuzzRegressionTests
{
    public static string Folder => Path.Combine(TestFiles.RepoRoot, "tests", "ingest", "Fuzz", "Regressions");

    public static TheoryData<string, string> Cases()
    {
        var cases = new TheoryData<string, string>();
        foreach (var directory in Directory.GetDirectories(Folder).Order(StringComparer.Ordinal))
        {
            foreach (var file in Directory.GetFiles(directory).Order(StringComparer.Ordinal))
            {
                cases.Add(Path.GetFileName(directory), Path.GetFileName(file));
            }
        }
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_once_crashing_input_is_now_handled(string target, string file)
    {
        var findings = new List<FuzzFinding>();
        var input = File.ReadAllBytes(Path.Combine(Folder, target, file));

        MutationFuzzer.Execute(IngestFuzzTargets.Named(target), input, null, findings, []);

        Assert.Empty(findings);
    }

    [Fact]
    public void Every_regression_folder_names_a_fuzz_target()
    {
        var names = IngestFuzzTargets.All.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);

        Assert.All(Directory.GetDirectories(Folder), d => Assert.Contains(Path.GetFileName(d), names));
    }
}
