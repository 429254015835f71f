using System.Text.Json;

namespace Platform.Insights.Ingest.Parsers.Billing;

/// <summary>
/// Reads JSON lines (one object per line, as BigQuery's JSON export writes a table) as tabular records: nested objects
/// are flattened to dotted paths (<c>service.description</c>), arrays stay JSON text, numbers keep their literal text,
/// null is empty; a line over <see cref="TextLineReader.DefaultMaxLineChars"/> is an error record, never held in memory. The columns are the given ones plus the paths the first object adds, in that order; a path that
/// only later lines carry is not read. A line that is not a JSON object is a record with an <see cref="Error"/>.
/// </summary>
internal sealed class JsonLinesRecordReader : IRecordReader
{
    private readonly TextLineReader lines;
    private readonly Dictionary<string, int> index = new(StringComparer.Ordinal);
    private readonly List<string> header;
    private string?[] fields;
    private string? pending;
    private bool pendingTooLong;
    private bool tooLong;
    private long nextLine = 1;

    public JsonLinesRecordReader(TextReader reader, IEnumerable<string> knownColumns)
    {
        lines = new TextLineReader(reader);
        header = [.. knownColumns];
        for (var i = 0; i < header.Count; i++)
        {
            index[header[i]] = i;
        }
        // The first object may name columns the known list lacks: read it now and keep it for the first Read.
        while ((pending = ReadLine()) is not null && !tooLong && string.IsNullOrWhiteSpace(pending))
        {
            nextLine++;
        }
        pendingTooLong = tooLong;
        if (pending is not null && TryParse(pending, out var document))
        {
            using (document)
            {
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    TryAddPaths(document.RootElement);
                }
            }
        }
        fields = new string?[header.Count];
    }

    /// <summary>The column names (dotted paths).</summary>
    public string[] Header => [.. header];

    public int FieldCount => fields.Length;

    public long StartLine { get; private set; }

    public string? Error { get; private set; }

    public bool IsBlank { get; private set; }

    public ReadOnlySpan<char> this[int index] => fields[index];

    public bool Read()
    {
        var line = pending ?? ReadLine();
        var overlong = pending is null ? tooLong : pendingTooLong;
        pending = null;
        if (line is null)
        {
            return false;
        }
        StartLine = nextLine++;
        Error = null;
        Array.Clear(fields);
        if (overlong)
        {
            IsBlank = false;
            Error = OpenMetricsTextParser.TooLong(lines);
            return true;
        }
        IsBlank = string.IsNullOrWhiteSpace(line);
        if (IsBlank)
        {
            return true;
        }
        if (!TryParse(line, out var document, out var error))
        {
            Error = $"not valid JSON: {error}";
            return true;
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                Error = "the line is not a JSON object";
                return true;
            }
            try
            {
                Flatten(document.RootElement, "");
            }
            catch (InvalidOperationException ex)
            {
                // A lone surrogate escape or invalid UTF-8 inside a string parses as JSON but cannot be read as text.
                Error = $"invalid JSON string: {ex.Message}";
            }
        }
        return true;
    }

    private void TryAddPaths(JsonElement root)
    {
        try
        {
            AddPaths(root, "");
        }
        catch (InvalidOperationException)
        {
            // An unreadable name: its line is reported when read; the columns it would add are not known.
        }
    }

    private void AddPaths(JsonElement element, string prefix)
    {
        foreach (var property in element.EnumerateObject())
        {
            var path = prefix + property.Name;
            if (property.Value.ValueKind == JsonValueKind.Object)
            {
                AddPaths(property.Value, path + ".");
            }
            else if (index.TryAdd(path, header.Count))
            {
                header.Add(path);
            }
        }
    }

    private void Flatten(JsonElement element, string prefix)
    {
        foreach (var property in element.EnumerateObject())
        {
            var path = prefix + property.Name;
            var value = property.Value;
            if (value.ValueKind == JsonValueKind.Object)
            {
                Flatten(value, path + ".");
                continue;
            }
            if (index.TryGetValue(path, out var column))
            {
                fields[column] = value.ValueKind switch
                {
                    JsonValueKind.String => value.GetString(),
                    JsonValueKind.Null or JsonValueKind.Undefined => null,
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    _ => value.GetRawText(),
                };
            }
        }
    }

    // Lines come through the bounded line reader: a multi-gigabyte line is skipped, never turned into a string.
    private string? ReadLine()
    {
        if (!lines.MoveNext())
        {
            return null;
        }
        tooLong = lines.IsTooLong;
        return tooLong ? "" : lines.Current.ToString();
    }

    private static bool TryParse(string line, out JsonDocument document) => TryParse(line, out document, out _);

    private static bool TryParse(string line, out JsonDocument document, out string error)
    {
        try
        {
            document = JsonDocument.Parse(line);
            error = "";
            return true;
        }
        catch (JsonException ex)
        {
            document = null!;
            error = ex.Message;
            return false;
        }
    }
}
