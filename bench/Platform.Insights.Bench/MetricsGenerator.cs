using System.Globalization;

namespace Platform.Insights.Bench;

/// <summary>
/// OpenMetrics 1.0 text with timestamps in seconds, as a backfill file looks: 2,000 series (50 services ×
/// 2 environments × 2 instances; per instance 8 <c>http_requests_total</c> series by method and code, one
/// <c>process_cpu_seconds_total</c>, one <c>process_resident_memory_bytes</c>), each family once with
/// <c># TYPE</c> / <c># HELP</c>, each series' samples together in time order every 15 s, <c># EOF</c> last.
/// N samples are spread evenly over the series (1,000,000 → 500 timestamps per series), so a bigger file
/// means a longer history of the same series, not more series.
/// </summary>
internal static class MetricsGenerator
{
    public const int SeriesCount = 2000;
    private const long Start = 1_793_491_200; // 2026-11-01T00:00:00Z
    private const int StepSeconds = 15;
    private static readonly string[] Methods = ["GET", "POST"];
    private static readonly string[] Codes = ["200", "404", "500", "503"];

    public static long Write(TextWriter writer, long count)
    {
        var random = new Random(42);
        var perSeries = count / SeriesCount;
        var extra = count % SeriesCount;
        var series = 0;
        long written = 0;

        long Samples() => perSeries + (series++ < extra ? 1 : 0);

        writer.WriteLine("# TYPE http_requests counter");
        writer.WriteLine("# HELP http_requests HTTP requests served, by method and status code.");
        foreach (var target in Targets())
        {
            foreach (var method in Methods)
            {
                foreach (var code in Codes)
                {
                    var labels = $"{{{target},method=\"{method}\",code=\"{code}\"}}";
                    var rate = code switch { "200" => 400, "404" => 12, "500" => 3, _ => 1 } * (method == "GET" ? 3 : 1);
                    double total = random.Next(0, 1_000_000);
                    written += Series(writer, "http_requests_total", labels, Samples(), _ => total += random.Next(0, rate * StepSeconds * 2));
                }
            }
        }
        writer.WriteLine("# TYPE process_cpu_seconds counter");
        writer.WriteLine("# HELP process_cpu_seconds Total user and system CPU time spent in seconds.");
        writer.WriteLine("# UNIT process_cpu_seconds seconds");
        foreach (var target in Targets())
        {
            var cpu = random.NextDouble() * 10_000;
            written += Series(writer, "process_cpu_seconds_total", $"{{{target}}}", Samples(), _ => Math.Round(cpu += random.NextDouble() * 6, 2));
        }
        writer.WriteLine("# TYPE process_resident_memory_bytes gauge");
        writer.WriteLine("# HELP process_resident_memory_bytes Resident memory size in bytes.");
        writer.WriteLine("# UNIT process_resident_memory_bytes bytes");
        foreach (var target in Targets())
        {
            var baseline = random.Next(150, 900) * 1_048_576.0;
            written += Series(writer, "process_resident_memory_bytes", $"{{{target}}}", Samples(), _ => Math.Round(baseline * (0.9 + random.NextDouble() * 0.2)));
        }
        writer.WriteLine("# EOF");
        return written;
    }

    // service, env, instance: the scrape target's labels (200 targets).
    private static IEnumerable<string> Targets()
    {
        for (var s = 0; s < Names.Services.Length; s++)
        {
            for (var e = 0; e < Names.Environments.Length; e++)
            {
                for (var i = 0; i < 2; i++)
                {
                    yield return $"service=\"{Names.Services[s]}\",env=\"{Names.Environments[e]}\",instance=\"10.{e}.{s}.{10 + i}:8080\",team=\"{Names.TeamOf(s)}\"";
                }
            }
        }
    }

    private static long Series(TextWriter writer, string name, string labels, long samples, Func<long, double> value)
    {
        var prefix = name + labels + " ";
        for (long t = 0; t < samples; t++)
        {
            writer.Write(prefix);
            writer.Write(value(t).ToString("R", CultureInfo.InvariantCulture));
            writer.Write(' ');
            writer.WriteLine((Start + t * StepSeconds).ToString(CultureInfo.InvariantCulture));
        }
        return samples;
    }
}
