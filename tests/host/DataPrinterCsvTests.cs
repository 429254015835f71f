using Platform.Insights.Host.Cli;

namespace Platform.Insights.Host.Tests;

public sealed class DataPrinterCsvTests
{
    [Fact]
    public void Csv_output_neutralises_text_that_a_spreadsheet_would_run_as_a_formula_and_leaves_numbers_alone()
    {
        using var output = new StringWriter();

        new DataPrinter(output, terminal: false).Print(
            ["service", "change", "note"],
            [["=HYPERLINK(\"http://evil\")", -0.25, "-12.5"], ["@SUM(A1:A9)", 3, "+cmd|' /C calc'!A0"], ["checkout", 1.5, "plain"]],
            OutputFormat.Csv);

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("service,change,note", lines[0]);
        Assert.Equal("\"'=HYPERLINK(\"\"http://evil\"\")\",-0.25,-12.5", lines[1]);
        Assert.StartsWith("'@SUM(A1:A9),3,", lines[2], StringComparison.Ordinal);
        Assert.Contains("'+cmd|", lines[2], StringComparison.Ordinal);
        Assert.Equal("checkout,1.5,plain", lines[3]);
    }
}
