using System.Globalization;

namespace Platform.Insights.Bench.Load;

/// <summary>The run's parameters, from <c>key=value</c> arguments.</summary>
internal sealed record Settings
{
    public string Url { get; init; } = "http://127.0.0.1:5080";
    public string Token { get; init; } = "";
    public string ReadToken { get; init; } = "";
    public double Rate { get; init; } = 100_000;
    public int Seconds { get; init; } = 60;
    public int Shards { get; init; } = 4;
    public int Series { get; init; } = 1000;
    public int Samples { get; init; } = 100;
    public int Services { get; init; } = 50;
    public long StepMs { get; init; } = 1000;
    public long StartMs { get; init; }
    public int Readers { get; init; } = 2;
    public int ReadPauseMs { get; init; } = 500;
    public int LogsPerSecond { get; init; }
    public int DrainSeconds { get; init; } = 120;
    public string Timeline { get; init; } = "load-timeline.tsv";
    public string Summary { get; init; } = "load-summary.tsv";

    public static Settings Parse(string[] args)
    {
        var c = CultureInfo.InvariantCulture;
        var s = new Settings();
        foreach (var arg in args)
        {
            var (key, value) = arg.IndexOf('=', StringComparison.Ordinal) is var i and > 0 ? (arg[..i], arg[(i + 1)..]) : throw new ArgumentException($"not key=value: {arg}");
            s = key switch
            {
                "url" => s with { Url = value.TrimEnd('/') },
                "token" => s with { Token = value },
                "readToken" => s with { ReadToken = value },
                "rate" => s with { Rate = double.Parse(value, c) },
                "seconds" => s with { Seconds = int.Parse(value, c) },
                "shards" => s with { Shards = int.Parse(value, c) },
                "series" => s with { Series = int.Parse(value, c) },
                "samples" => s with { Samples = int.Parse(value, c) },
                "services" => s with { Services = int.Parse(value, c) },
                "stepMs" => s with { StepMs = long.Parse(value, c) },
                "startMs" => s with { StartMs = long.Parse(value, c) },
                "readers" => s with { Readers = int.Parse(value, c) },
                "readPauseMs" => s with { ReadPauseMs = int.Parse(value, c) },
                "logsPerSecond" => s with { LogsPerSecond = int.Parse(value, c) },
                "drainSeconds" => s with { DrainSeconds = int.Parse(value, c) },
                "timeline" => s with { Timeline = value },
                "summary" => s with { Summary = value },
                _ => throw new ArgumentException($"unknown key {key}"),
            };
        }
        return s;
    }
}
