using System.Globalization;
using System.Text.Json;
using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Parsers.PrometheusApi;

/// <summary>
/// Reads the Prometheus HTTP API's JSON envelope (https://prometheus.io/docs/prometheus/latest/querying/api/):
/// <c>{"status":"success"|"error","data":{"resultType":…,"result":…},"errorType":…,"error":…,"warnings":[…]}</c>.
/// <list type="bullet">
/// <item><c>matrix</c> (query_range): <c>result[].metric</c> and <c>result[].values[[ts, "value"]…]</c>;
/// <c>vector</c> (instant query): <c>result[].value</c> as one point; <c>scalar</c>: one point without labels.
/// A <c>string</c> result is not a series and is refused.</item>
/// <item>Timestamps are decimal Unix seconds (ms kept exactly); values are strings, including <c>NaN</c>,
/// <c>+Inf</c> and <c>-Inf</c>.</item>
/// <item>Labels come out sorted by name, <c>__name__</c> lifted out as the metric name.</item>
/// </list>
/// Malformed JSON or a missing field throws <see cref="FormatException"/> naming what is wrong.
/// </summary>
public static class PrometheusResponseParser
{
    public static PrometheusResponse Parse(ReadOnlyMemory<byte> utf8Json)
    {
        try
        {
            using var document = JsonDocument.Parse(utf8Json);
            return Read(document.RootElement);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException) // InvalidOperation: a string that parses but cannot be read as text
        {
            throw new FormatException($"not a Prometheus API answer: {e.Message}", e);
        }
    }

    public static async Task<PrometheusResponse> ParseAsync(Stream utf8Json, CancellationToken cancellationToken)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(utf8Json, cancellationToken: cancellationToken);
            return Read(document.RootElement);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException) // InvalidOperation: a string that parses but cannot be read as text
        {
            throw new FormatException($"not a Prometheus API answer: {e.Message}", e);
        }
    }

    private static PrometheusResponse Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("status", out var statusElement) || statusElement.ValueKind != JsonValueKind.String)
        {
            throw new FormatException("not a Prometheus API answer: no \"status\"");
        }
        var status = statusElement.GetString()!;
        var warnings = root.TryGetProperty("warnings", out var w) && w.ValueKind == JsonValueKind.Array
            ? w.EnumerateArray().Select(x => x.ToString()).ToList()
            : [];
        var errorType = OptionalString(root, "errorType");
        var error = OptionalString(root, "error");
        if (status != "success")
        {
            return new PrometheusResponse(status, null, [], warnings, errorType, error ?? "(no error message)");
        }
        if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("success without \"data\"");
        }
        var resultType = OptionalString(data, "resultType") ?? throw new FormatException("no data.resultType");
        if (!data.TryGetProperty("result", out var result))
        {
            throw new FormatException("no data.result");
        }
        IReadOnlyList<PrometheusSeries> series = resultType switch
        {
            "matrix" => [.. Array(result, "data.result").Select((r, i) => ReadSeries(r, i, "values", many: true))],
            "vector" => [.. Array(result, "data.result").Select((r, i) => ReadSeries(r, i, "value", many: false))],
            "scalar" => [Points(null, [], [result], "data.result")],
            _ => throw new FormatException($"result type '{resultType}' is not a series (matrix, vector or scalar)"),
        };
        return new PrometheusResponse(status, resultType, series, warnings, errorType, error);
    }

    private static PrometheusSeries ReadSeries(JsonElement element, int index, string pointsField, bool many)
    {
        var where = $"data.result[{index}]";
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"{where} is not an object");
        }
        string? name = null;
        var labels = new List<Label>();
        if (element.TryGetProperty("metric", out var metric) && metric.ValueKind == JsonValueKind.Object)
        {
            foreach (var label in metric.EnumerateObject())
            {
                var value = label.Value.GetString() ?? "";
                if (label.Name == "__name__")
                {
                    name = value;
                }
                else
                {
                    labels.Add(new Label(label.Name, value));
                }
            }
        }
        labels.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        if (!element.TryGetProperty(pointsField, out var points))
        {
            throw new FormatException($"{where} has no \"{pointsField}\"");
        }
        var pairs = many ? Array(points, $"{where}.{pointsField}").ToList() : [points];
        return Points(name, [.. labels], pairs, $"{where}.{pointsField}");
    }

    private static PrometheusSeries Points(string? name, Label[] labels, IReadOnlyList<JsonElement> pairs, string where)
    {
        var timestamps = new long[pairs.Count];
        var values = new double[pairs.Count];
        for (var i = 0; i < pairs.Count; i++)
        {
            var pair = pairs[i];
            if (pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() != 2 || pair[0].ValueKind != JsonValueKind.Number)
            {
                throw new FormatException($"{where}[{i}] is not [timestamp, \"value\"]");
            }
            timestamps[i] = (long)Math.Round(pair[0].GetDecimal() * 1000m, MidpointRounding.AwayFromZero);
            values[i] = pair[1].ValueKind == JsonValueKind.String && TryParseValue(pair[1].GetString()!, out var value)
                ? value
                : throw new FormatException($"{where}[{i}]: value {pair[1]} is not a sample value");
        }
        return new PrometheusSeries(name, labels, timestamps, values);
    }

    /// <summary>A sample value as Prometheus formats it: a float, <c>NaN</c>, <c>+Inf</c>, <c>-Inf</c> (or <c>Inf</c>).</summary>
    public static bool TryParseValue(string text, out double value)
    {
        switch (text)
        {
            case "NaN":
                value = double.NaN;
                return true;
            case "+Inf" or "Inf":
                value = double.PositiveInfinity;
                return true;
            case "-Inf":
                value = double.NegativeInfinity;
                return true;
            default:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
        }
    }

    private static JsonElement.ArrayEnumerator Array(JsonElement element, string where) =>
        element.ValueKind == JsonValueKind.Array ? element.EnumerateArray() : throw new FormatException($"{where} is not an array");

    private static string? OptionalString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
