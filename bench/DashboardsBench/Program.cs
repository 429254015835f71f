using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Platform.Insights.Dashboards.Checks;
using Platform.Insights.Dashboards.Generation;
using Platform.Insights.Dashboards.Model;

// dashboards-bench [TEAMS] [SERVICES] [REPS]: prints one markdown table of medians (ms per operation).
var teams = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 50;
var services = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000;
var reps = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 15;
var settings = DashboardSettings.Default;
var catalog = Enumerable.Range(0, services).Select(i => (Team: $"team-{i % teams:00}", Service: $"service-{i:0000}")).ToList();

// The baseline documents: the generated JSON parsed once, so the baseline writes exactly the same documents.
var documents = InsightsDashboards.All(settings).Select(d => JsonDocument.Parse(DashboardJson.Serialize(d))).ToList();
var writerOptions = new JsonWriterOptions { Indented = true, Encoder = DashboardJson.Options.Encoder };

long modelBytes = 0, baselineBytes = 0;
int expressions = 0;
var cases = new (string Name, Func<int> Run)[]
{
    ("generate: build the 8 dashboards from the model and serialise them (UTF-8, indented)", () =>
    {
        var total = 0;
        foreach (var dashboard in InsightsDashboards.All(settings))
        {
            total += DashboardJson.SerializeToUtf8(dashboard).Length;
        }
        modelBytes = total;
        return total;
    }),
    ("baseline: write the same 8 JSON documents without the model (JsonDocument → Utf8JsonWriter)", () =>
    {
        var total = 0;
        foreach (var document in documents)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, writerOptions))
            {
                document.WriteTo(writer);
            }
            total += (int)buffer.Length;
        }
        baselineBytes = total;
        return total;
    }),
    ("lint: the static checks over the 8 dashboards", () => DashboardLint.Problems(InsightsDashboards.All(settings)).Count),
    ($"expand: every expression for each of {teams} teams and {services} services (team, service dashboards per service)", () =>
    {
        var set = InsightsDashboards.All(settings);
        var count = 0;
        foreach (var (team, service) in catalog)
        {
            count += DashboardQueries.Expressions(set.Where(d => d.Uid == DashboardUids.Service), new Dictionary<string, string> { ["team"] = team, ["service"] = service }).Count;
        }
        foreach (var team in catalog.Select(c => c.Team).Distinct())
        {
            count += DashboardQueries.Expressions(set.Where(d => d.Uid != DashboardUids.Service), new Dictionary<string, string> { ["team"] = team, ["service"] = "-" }).Count;
        }
        expressions = count;
        return count;
    }),
};

var timings = cases.ToDictionary(c => c.Name, _ => new List<double>());
foreach (var c in cases)
{
    c.Run(); // warm-up: JIT and serializer metadata
}
for (var rep = 0; rep < reps; rep++)
{
    foreach (var c in cases) // interleaved, so load changes hit every case alike
    {
        var clock = Stopwatch.StartNew();
        var result = c.Run();
        clock.Stop();
        GC.KeepAlive(result);
        timings[c.Name].Add(clock.Elapsed.TotalMilliseconds);
    }
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}

var generate = Median(timings[cases[0].Name]);
var baseline = Median(timings[cases[1].Name]);
Console.WriteLine($"| case | median ms | min ms | max ms |");
Console.WriteLine("|---|---:|---:|---:|");
foreach (var c in cases)
{
    var t = timings[c.Name];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {c.Name} | {Median(t):0.00} | {t.Min():0.00} | {t.Max():0.00} |"));
}
Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"generate / baseline = {generate / baseline:0.00}x; JSON {modelBytes:N0} bytes (model) vs {baselineBytes:N0} (baseline); {expressions:N0} expressions expanded; {reps} repetitions, median"));
return modelBytes == baselineBytes ? 0 : 1;
