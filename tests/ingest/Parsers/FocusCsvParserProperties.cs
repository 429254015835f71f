using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Platform.Insights.Ingest.Parsers;

namespace Platform.Insights.Ingest.Tests.Parsers;

public sealed class FocusCsvParserProperties
{
    private static readonly char[] Tricky = ",\"\r\n ;'é😀\t".ToCharArray();

    [Property(MaxTest = 200)]
    public Property Text_fields_round_trip_through_quoted_csv() =>
        Prop.ForAll(Arb.From(Gen.NonEmptyListOf(Row())), rows =>
        {
            var csv = new StringBuilder(FocusCsvParserTests.Header).Append(",ChargeDescription,ResourceName,x_Note\n");
            var expectedLines = new List<long>();
            var line = 2L;
            foreach (var (description, resource, note, quoteAll) in rows)
            {
                expectedLines.Add(line);
                var fields = new[] { description, resource, note }.Select(v => Quote(v, quoteAll)).ToList();
                var record = $"{FocusCsvParserTests.Row},{string.Join(',', fields)}\n";
                csv.Append(record);
                line += record.Count(c => c == '\n');
            }

            var parsed = FocusCsvParser.Parse(new StringReader(csv.ToString()), "gen.csv").ToList();

            return parsed.Count == rows.Count && parsed.Zip(rows, expectedLines).All(t =>
                t.First.Value is { } item
                && item.ChargeDescription == NullFor(t.Second.Description)
                && item.ResourceName == NullFor(t.Second.Resource)
                && item.Extra?.GetValueOrDefault("x_Note") == NullFor(t.Second.Note)
                && item.SourceLine == t.Third);
        });

    // FOCUS files write NULL for null; the parser also reads the empty string as null.
    private static string? NullFor(string value) => value is "" or "NULL" ? null : value;

    // Quotes when RFC 4180 requires it (or always, as the FOCUS sample does), doubling embedded quotes.
    private static string Quote(string value, bool always) =>
        always || value.AsSpan().IndexOfAny(",\"\r\n") >= 0 || value.Length == 0
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;

    private static Gen<(string Description, string Resource, string Note, bool QuoteAll)> Row() =>
        from description in Text()
        from resource in Text()
        from note in Text()
        from quoteAll in ArbMap.Default.GeneratorFor<bool>()
        select (description, resource, note, quoteAll);

    private static Gen<string> Text() =>
        Gen.OneOf(
            ArbMap.Default.GeneratorFor<string>().Where(v => v is not null),
            Gen.ArrayOf(Gen.Elements(Tricky)).Select(chars => new string(chars)),
            Gen.Constant("NULL"));
}
