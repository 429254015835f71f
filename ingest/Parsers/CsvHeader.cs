using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Parsers;

/// <summary>Reads the header row of a CSV export: the first non-blank record, names trimmed, a leading byte order mark dropped.</summary>
internal static class CsvHeader
{
    public static string[] Read(CsvRecordReader csv, string fileName)
    {
        while (csv.Read())
        {
            if (csv.IsBlank)
            {
                continue;
            }
            if (csv.Error is not null)
            {
                throw new InputFormatException(fileName, csv.StartLine, $"malformed header row: {csv.Error}");
            }
            var names = new string[csv.FieldCount];
            for (var i = 0; i < names.Length; i++)
            {
                names[i] = csv[i].Trim().ToString();
            }
            // A reader that did not consume the byte order mark (not one from InputFile) leaves it on the first name.
            names[0] = names[0].TrimStart('\uFEFF').Trim();
            return names;
        }
        throw new InputFormatException(fileName, null, "no header row: the file is empty");
    }
}
