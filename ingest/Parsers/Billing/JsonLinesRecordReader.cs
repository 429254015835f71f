using System.Text.Json;

namespace Platform.Insights.Ingest.Parsers.Billing;

/// <summary>
/// Reads JSON lines (one object per line, as BigQuery's JSON export writes a table) as tabular records: nested objects
/// are flattened to dotted paths (<c>service.description</c>), arrays stay JSON text, numbers keep their literal text,
/// null is empty. The columns are the given ones plus the paths the first object adds, in that order; a path that
/// only later lines carry is not read. A line that is not a JSON object is a record with an <see cref="Error"/>.
/// </summary>
internal sealed class JsonLinesRecordReader : IRecordReader
{
    private readonly TextReader reader;
    private readonly Dictionary<string, int> index = new(StringComparer.Ordinal);
    private readonly List<string> header;
    private string?[] fields;
    private string? pending;
    private long nextLine = 1;

    public JsonLinesRecordReader(TextReader reader, IEnumerable<string> knownColumns)
    {
        this.reader = reader;
        header = [.. knownColumns];
        for (var i = 0; i < header.Count; i++)
        {
            index[header[i]] = i;
        }
        // The first object may name columns the known list lacks: read it now and keep it for the first Read.
        while ((pending = reader.ReadLine()) is not null && string.IsNullOrWhiteSpace(pending))
        {
            nextLine++;
        }
        if (pending is not null && TryParse(pending, out var document))
        {
            using (document)
            {
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    AddPaths(document.RootElement, "");
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
        var line = pending ?? reader.ReadLine();
        pending = null;
        if (line is null)
        {
            return false;
        }
        StartLine = nextLine++;
        Error = null;
        Array.Clear(fields);
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
            Flatten(document.RootElement, "");
        }
        return true;
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
