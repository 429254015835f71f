using System.Globalization;
using System.Text;
using System.Text.Json;
using Spectre.Console;

namespace Platform.Insights.Host.Cli;

/// <summary>
/// Prints rows as a table (Spectre.Console on a terminal, plain aligned text when redirected), as a
/// JSON array of objects, or as RFC 4180 CSV — the one place every verb's data output goes through.
/// </summary>
public sealed class DataPrinter(TextWriter output, bool terminal)
{
    public static DataPrinter ForConsole() => new(Console.Out, !Console.IsOutputRedirected);

    public void Print(IReadOnlyList<string> columns, IEnumerable<object?[]> rows, OutputFormat format)
    {
        switch (format)
        {
            case OutputFormat.Json:
                PrintJson(columns, rows);
                break;
            case OutputFormat.Csv:
                PrintCsv(columns, rows);
                break;
            default:
                PrintTable(columns, rows.ToList());
                break;
        }
    }

    private void PrintJson(IReadOnlyList<string> columns, IEnumerable<object?[]> rows)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartArray();
            foreach (var row in rows)
            {
                writer.WriteStartObject();
                for (var i = 0; i < columns.Count; i++)
                {
                    writer.WritePropertyName(columns[i]);
                    JsonSerializer.Serialize(writer, Normalise(row[i]));
                }
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        output.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
    }

    private void PrintCsv(IReadOnlyList<string> columns, IEnumerable<object?[]> rows)
    {
        output.WriteLine(string.Join(',', columns.Select(Quote)));
        foreach (var row in rows)
        {
            // Text from the data (service, team and tag names) must not run as a formula when the CSV is opened in a
            // spreadsheet; numbers, times and other typed values are written as they are.
            output.WriteLine(string.Join(',', row.Select(v => Quote(v is string text ? Platform.Insights.Reports.Rendering.ReportText.CsvCell(text) : Text(v)))));
        }
    }

    private void PrintTable(IReadOnlyList<string> columns, List<object?[]> rows)
    {
        if (terminal)
        {
            var table = new Table().Border(TableBorder.Rounded);
            foreach (var column in columns)
            {
                table.AddColumn(new TableColumn(Markup.Escape(column)));
            }
            foreach (var row in rows)
            {
                table.AddRow(row.Select(v => Markup.Escape(Text(v))).ToArray());
            }
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
            console.Write(table);
            return;
        }

        var widths = columns.Select((c, i) => Math.Max(c.Length, rows.Count == 0 ? 0 : rows.Max(r => Text(r[i]).Length))).ToArray();
        output.WriteLine(string.Join("  ", columns.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
        foreach (var row in rows)
        {
            output.WriteLine(string.Join("  ", row.Select((v, i) => Text(v).PadRight(widths[i]))).TrimEnd());
        }
    }

    /// <summary>Cell text: invariant numbers, ISO timestamps, empty for null.</summary>
    public static string Text(object? value) => value switch
    {
        null => "",
        DateTime d => d.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        DateTimeOffset d => d.ToString("yyyy-MM-dd HH:mm:ssZ", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        double d => d.ToString("G", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static object? Normalise(object? value) => value switch
    {
        System.Numerics.BigInteger b => b.ToString(CultureInfo.InvariantCulture),
        DateTime d => DateTime.SpecifyKind(d, DateTimeKind.Utc),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => value,
    };

    private static string Quote(string text) =>
        text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
}
