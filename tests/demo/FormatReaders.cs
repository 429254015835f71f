using System.Globalization;
using System.Text.RegularExpressions;

namespace Platform.Insights.Demo.Tests;

/// <summary>Deliberately simple readers for the generated formats, independent of the generator's code.</summary>
public static partial class FormatReaders
{
    [GeneratedRegex("""^([a-zA-Z_:][a-zA-Z0-9_:]*)\{((?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*)\} (-?[0-9]+(?:\.[0-9]+)?) ([0-9]+)$""")]
    public static partial Regex SampleLine();

    [GeneratedRegex("""^# (TYPE [a-zA-Z_:][a-zA-Z0-9_:]* (gauge|counter)|HELP [a-zA-Z_:][a-zA-Z0-9_:]* .+|EOF)$""")]
    public static partial Regex CommentLine();

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Dictionary<string, string>> ParsedLabels = new(StringComparer.Ordinal);

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((?:[^""\\]|\\.)*)""")]
    public static partial Regex LabelPair();

    public readonly record struct Sample(string Name, string Labels, double Value, long Timestamp)
    {
        public string Series => Name + "{" + Labels + "}";

        public string? Label(string name) =>
            ParsedLabels.GetOrAdd(Labels, static text => LabelPair().Matches(text).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value))
                .GetValueOrDefault(name);
    }

    public static IEnumerable<Sample> Samples(string path)
    {
        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith('#'))
            {
                continue;
            }
            var match = SampleLine().Match(line);
            if (!match.Success)
            {
                throw new FormatException("Not an OpenMetrics sample: " + line);
            }
            yield return new Sample(match.Groups[1].Value, match.Groups[2].Value,
                double.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture),
                long.Parse(match.Groups[4].Value, CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Splits one CSV record: quoted fields may hold commas and doubled quotes; NULL stays the text "NULL".</summary>
    public static List<string> CsvFields(string line)
    {
        var fields = new List<string>();
        var i = 0;
        while (true)
        {
            if (i < line.Length && line[i] == '"')
            {
                var value = new System.Text.StringBuilder();
                i++;
                while (true)
                {
                    if (line[i] == '"' && i + 1 < line.Length && line[i + 1] == '"')
                    {
                        value.Append('"');
                        i += 2;
                    }
                    else if (line[i] == '"')
                    {
                        i++;
                        break;
                    }
                    else
                    {
                        value.Append(line[i++]);
                    }
                }
                fields.Add(value.ToString());
            }
            else
            {
                var end = line.IndexOf(',', i);
                end = end < 0 ? line.Length : end;
                fields.Add(line[i..end]);
                i = end;
            }
            if (i >= line.Length)
            {
                return fields;
            }
            i++; // the comma
        }
    }

    public static List<Dictionary<string, string>> CsvRecords(string path)
    {
        using var lines = File.ReadLines(path).GetEnumerator();
        lines.MoveNext();
        var header = CsvFields(lines.Current);
        var records = new List<Dictionary<string, string>>();
        while (lines.MoveNext())
        {
            var fields = CsvFields(lines.Current);
            var record = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var c = 0; c < header.Count; c++)
            {
                record[header[c]] = fields[c];
            }
            records.Add(record);
        }
        return records;
    }

    public static decimal Money(string value) => decimal.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
}
