using System.Text.RegularExpressions;
using Platform.Insights.Host.Tests.Support;

namespace Platform.Insights.Host.Tests;

/// <summary>The command line's own surface: help for every verb, exit code 2 for what it does not know.</summary>
public sealed class HelpTests : IDisposable
{
    private readonly TempDir _work = new("help");

    public void Dispose() => _work.Dispose();

    [Fact]
    public async Task Help_lists_every_verb_with_a_description()
    {
        var result = await InsightsExe.RunAsync(_work.Path, ["--help"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        foreach (var verb in new[] { "demo", "serve", "import", "catalog", "query" })
        {
            Assert.Matches(new Regex($@"^\s+{verb}( <[A-Z]+>)?\s{{2,}}\S.{{10,}}$", RegexOptions.Multiline), result.Stdout);
        }
        Assert.Empty(result.Stderr);
    }

    [Theory]
    [InlineData(new[] { "import", "--help" }, new[] { "metrics", "logs", "billing" })]
    [InlineData(new[] { "import", "metrics", "--help" }, new[] { "--strict", "--format", "PATH" })]
    [InlineData(new[] { "catalog", "load", "--help" }, new[] { "PATH", "Backstage" })]
    [InlineData(new[] { "query", "--help" }, new[] { "SQL", "--format", "--max-rows", "read-only" })]
    public async Task Verb_help_describes_the_verb(string[] args, string[] expected)
    {
        var result = await InsightsExe.RunAsync(_work.Path, args);

        Assert.True(result.ExitCode == 0, result.ToString());
        foreach (var text in expected)
        {
            Assert.Contains(text, result.Stdout, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("query", "--bogus", "SELECT 1")]
    [InlineData("import", "spreadsheets", "x.xls")]
    [InlineData("demo", "--teams", "many")]
    public async Task Unknown_verb_or_option_exits_2(params string[] args)
    {
        var result = await InsightsExe.RunAsync(_work.Path, args);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("insights --help", result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_work.Path, "data")), "a rejected command line must not create a data directory");
    }
}
