using System.Globalization;
using System.Text;

namespace Platform.Insights.Bench;

/// <summary>
/// Turns bench/run.sh's raw measurements (one TSV row per process run) into the markdown of
/// bench/results/latest.md: medians per benchmark, rows/s, per-core rates and ratios to the DuckDB baseline.
/// </summary>
internal static class Report
{
    private const double DemoGoalSeconds = 60;
    private const double DemoGoalMiB = 1024;

    private sealed record Run(string Bench, string Kind, long N, int Rep, double Wall, double User, double Sys, long MaxRssKb, double Inner, long Rows, double Load)
    {
        public double Cpu => User + Sys;
        public double RssMiB => MaxRssKb / 1024.0;
    }

    public static int Write(string rawPath, string machinePath, string outputPath)
    {
        var runs = File.ReadAllLines(rawPath).Skip(1).Where(l => l.Length > 0).Select(Parse).ToList();
        var md = new StringBuilder();
        md.AppendLine("# Benchmark results (bench/run.sh)").AppendLine();
        md.AppendLine(File.ReadAllText(machinePath).TrimEnd()).AppendLine();
        md.AppendLine("Every figure is the median of the repetitions listed under *Raw runs*; each run is a separate process,");
        md.AppendLine("timed by `/usr/bin/time -v` (wall, user + sys CPU, maximum resident set size). \"import s\" is the");
        md.AppendLine("import's own closing-line time (parse + store, without process start-up); \"load s\" is DuckDB's");
        md.AppendLine("`CREATE TABLE … AS SELECT * FROM read_…` alone. rows/s per core = rows ÷ process CPU seconds.").AppendLine();

        Demo(md, runs.Where(r => r.Bench == "demo").ToList());
        Imports(md, runs);
        Memory(md, runs);
        Queries(md, runs);
        Raw(md, runs);

        File.WriteAllText(outputPath, md.ToString());
        Console.Write(md.ToString());
        return 0;
    }

    private static Run Parse(string line)
    {
        var f = line.Split('\t');
        if (f.Length != 11)
        {
            throw new ArgumentException($"raw line has {f.Length} fields, not 11: {line}");
        }
        static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);
        static long L(string s) => long.Parse(s, CultureInfo.InvariantCulture);
        return new Run(f[0], f[1], L(f[2]), int.Parse(f[3], CultureInfo.InvariantCulture), D(f[4]), D(f[5]), D(f[6]), L(f[7]), D(f[8]), L(f[9]), D(f[10]));
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static string F(double value, string format = "0.0") => double.IsNaN(value) ? "–" : value.ToString(format, CultureInfo.InvariantCulture);

    private static string Rate(double value) => double.IsNaN(value) || double.IsInfinity(value) ? "–" : value.ToString("N0", CultureInfo.InvariantCulture);

    private static void Demo(StringBuilder md, List<Run> demo)
    {
        md.AppendLine("## 1. Cold `insights demo` (fresh data and input directories, build excluded)").AppendLine();
        if (demo.Count == 0)
        {
            md.AppendLine("(not run)").AppendLine();
            return;
        }
        var wall = Median(demo.Select(r => r.Wall));
        var rss = Median(demo.Select(r => r.RssMiB));
        md.AppendLine("| | wall s | CPU s (user+sys) | cores used | peak RSS MiB | rows stored | load avg (1 min) at start |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var r in demo.OrderBy(r => r.Rep))
        {
            md.AppendLine($"| run {r.Rep} | {F(r.Wall)} | {F(r.Cpu)} | {F(r.Cpu / r.Wall, "0.00")} | {F(r.RssMiB, "0")} | {Rate(r.Rows)} | {F(r.Load, "0.00")} |");
        }
        md.AppendLine($"| **median** | **{F(wall)}** | **{F(Median(demo.Select(r => r.Cpu)))}** | {F(Median(demo.Select(r => r.Cpu / r.Wall)), "0.00")} | **{F(rss, "0")}** | | |").AppendLine();
        md.AppendLine($"Goal: under {DemoGoalSeconds:0} s → **{(wall < DemoGoalSeconds ? "met" : "NOT met")}** ({F(wall)} s); under 1 GB → **{(rss < DemoGoalMiB ? "met" : "NOT met")}** ({F(rss, "0")} MiB).").AppendLine();
    }

    private static void Imports(StringBuilder md, List<Run> runs)
    {
        var kinds = runs.Where(r => r.Bench == "insights").Select(r => r.Kind).Distinct().ToList();
        if (kinds.Count == 0)
        {
            return;
        }
        // Each kind's largest file is the one compared with DuckDB (billing at scale: 5M FOCUS rows, 10M CUR Parquet rows).
        var bigOf = kinds.ToDictionary(k => k, k => runs.Where(r => r.Bench == "insights" && r.Kind == k).Max(r => r.N));
        md.AppendLine("## 2. Imports of each kind's largest file, against DuckDB's own reader of the same file").AppendLine();
        md.AppendLine("**insights import** (`insights import KIND --data FRESH_DIR FILE --format csv`; KIND is `billing` for billing and cur-parquet)").AppendLine();
        md.AppendLine("| kind | rows stored | import s | process wall s | rows/s (import s) | rows/s (process wall) | CPU s | cores used | rows/s per core | peak RSS MiB |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var kind in kinds)
        {
            var big = bigOf[kind];
            var set = runs.Where(r => r.Bench == "insights" && r.Kind == kind && r.N == big).ToList();
            if (set.Count == 0)
            {
                continue;
            }
            var inner = Median(set.Select(r => r.Inner));
            var wall = Median(set.Select(r => r.Wall));
            var cpu = Median(set.Select(r => r.Cpu));
            md.AppendLine($"| {kind} | {Rate(Median(set.Select(r => (double)r.Rows)))} | {F(inner, "0.00")} | {F(wall, "0.00")} | {Rate(big / inner)} | {Rate(big / wall)} | {F(cpu)} | {F(Median(set.Select(r => r.Cpu / r.Wall)), "0.00")} | {Rate(big / cpu)} | {F(Median(set.Select(r => r.RssMiB)), "0")} |");
        }
        md.AppendLine().AppendLine("**DuckDB baseline** (`insights-bench duckdb-baseline KIND FILE`: fresh database file, default threads)").AppendLine();
        md.AppendLine("| kind | reader | rows | load s | process wall s | rows/s (load s) | CPU s | cores used | rows/s per core | peak RSS MiB |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var kind in kinds)
        {
            var big = bigOf[kind];
            var set = runs.Where(r => r.Bench == "duckdb" && r.Kind == kind && r.N == big).ToList();
            if (set.Count == 0)
            {
                continue;
            }
            var inner = Median(set.Select(r => r.Inner));
            var cpu = Median(set.Select(r => r.Cpu));
            var reader = kind switch { "metrics" => "read_csv, space-delimited raw text", "logs" => "read_json, newline_delimited", "cur-parquet" => "read_parquet, union_by_name", _ => "read_csv, nullstr='NULL'" };
            md.AppendLine($"| {kind} | {reader} | {Rate(Median(set.Select(r => (double)r.Rows)))} | {F(inner, "0.00")} | {F(Median(set.Select(r => r.Wall)), "0.00")} | {Rate(big / inner)} | {F(cpu)} | {F(Median(set.Select(r => r.Cpu / r.Wall)), "0.00")} | {Rate(big / cpu)} | {F(Median(set.Select(r => r.RssMiB)), "0")} |");
        }
        md.AppendLine().AppendLine("**Ratios** (insights ÷ DuckDB, taken within each repetition — the two ran back to back under the same load — then the median over repetitions; > 1 means insights is slower / bigger)").AppendLine();
        md.AppendLine("\"share of DuckDB\" = insights rows/s ÷ DuckDB rows/s (import s vs load s) = 1 ÷ the time ratio; issue 3's billing goal is ≥ 0.5.").AppendLine();
        md.AppendLine("| kind | import s ÷ load s | share of DuckDB | process wall ÷ process wall | CPU s ÷ CPU s | peak RSS ÷ peak RSS | import s ÷ load s per repetition |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---|");
        foreach (var kind in kinds)
        {
            var big = bigOf[kind];
            var pairs = runs.Where(r => r.Bench == "insights" && r.Kind == kind && r.N == big)
                .Join(runs.Where(r => r.Bench == "duckdb" && r.Kind == kind && r.N == big), r => r.Rep, r => r.Rep, (i, d) => (Insights: i, DuckDb: d))
                .OrderBy(p => p.Insights.Rep)
                .ToList();
            if (pairs.Count == 0)
            {
                continue;
            }
            double Ratio(Func<Run, double> value) => Median(pairs.Select(p => value(p.Insights) / value(p.DuckDb)));
            var each = string.Join(", ", pairs.Select(p => F(p.Insights.Inner / p.DuckDb.Inner, "0.0") + "×"));
            md.AppendLine($"| {kind} | **{F(Ratio(r => r.Inner), "0.0")}×** | {F(1 / Ratio(r => r.Inner), "0.00")} | {F(Ratio(r => r.Wall), "0.0")}× | {F(Ratio(r => r.Cpu), "0.0")}× | {F(Ratio(r => r.RssMiB), "0.0")}× | {each} |");
        }
        md.AppendLine();
    }

    private static void Memory(StringBuilder md, List<Run> runs)
    {
        var imports = runs.Where(r => r.Bench == "insights").ToList();
        var kinds = imports.Select(r => r.Kind).Distinct().Where(k => imports.Where(r => r.Kind == k).Select(r => r.N).Distinct().Count() > 1).ToList();
        if (kinds.Count == 0)
        {
            return;
        }
        md.AppendLine("## 3. Peak memory against file size (each kind's smallest and largest file: same series / services / sample rows)").AppendLine();
        md.AppendLine("| kind | small file rows | large file rows | peak RSS MiB small | peak RSS MiB large | RSS ratio | size ratio | import s small | import s large |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var kind in kinds)
        {
            var small = imports.Where(r => r.Kind == kind).Min(r => r.N);
            var big = imports.Where(r => r.Kind == kind).Max(r => r.N);
            var a = imports.Where(r => r.Kind == kind && r.N == small).ToList();
            var b = imports.Where(r => r.Kind == kind && r.N == big).ToList();
            var ra = Median(a.Select(r => r.RssMiB));
            var rb = Median(b.Select(r => r.RssMiB));
            md.AppendLine($"| {kind} | {Rate(small)} | {Rate(big)} | {F(ra, "0")} | {F(rb, "0")} | {F(rb / ra, "0.00")}× | {(double)big / small:0.0}× | {F(Median(a.Select(r => r.Inner)), "0.00")} | {F(Median(b.Select(r => r.Inner)), "0.00")} |");
        }
        md.AppendLine();
    }

    private static void Queries(StringBuilder md, List<Run> runs)
    {
        var queries = runs.Where(r => r.Bench == "query").ToList();
        var stores = runs.Where(r => r.Bench == "store").ToList();
        if (queries.Count == 0 && stores.Count == 0)
        {
            return;
        }
        md.AppendLine("## 4. Cost queries on a store loaded once (`insights VERB --data STORE`, whole process: start-up + query + output)").AppendLine();
        if (stores.Count > 0)
        {
            // One raw row per delivery (billing month) of the store load.
            long rows = stores.Sum(r => r.Rows);
            double inner = stores.Sum(r => r.Inner), cpu = stores.Sum(r => r.Cpu);
            md.AppendLine($"Store: {Rate(rows)} {stores[0].Kind} rows loaded by {stores.Count} `insights import billing` runs (one delivery per billing month): " +
                $"import s {F(inner, "0.0")} in all ({Rate(rows / inner)} rows/s), process wall {F(stores.Sum(r => r.Wall), "0.0")} s, CPU {F(cpu, "0.0")} s " +
                $"({Rate(rows / cpu)} rows/s per core), peak RSS of the largest run {F(stores.Max(r => r.RssMiB), "0")} MiB, load {F(stores.Min(r => r.Load), "0.0")}–{F(stores.Max(r => r.Load), "0.0")}.");
        }
        md.AppendLine();
        var floor = Median(queries.Where(r => r.Kind == "count").Select(r => r.Wall));
        md.AppendLine("| verb | runs | median wall s | runs (wall s) | minus the count(*) floor s | median CPU s | median peak RSS MiB | output lines |");
        md.AppendLine("|---|---:|---:|---|---:|---:|---:|---:|");
        foreach (var kind in queries.Select(r => r.Kind).Distinct())
        {
            var set = queries.Where(r => r.Kind == kind).OrderBy(r => r.Rep).ToList();
            var wall = Median(set.Select(r => r.Wall));
            md.AppendLine($"| {kind} | {set.Count} | **{F(wall, "0.00")}** | {string.Join(", ", set.Select(r => F(r.Wall, "0.0")))} | {(kind == "count" ? "–" : F(wall - floor, "0.00"))} | {F(Median(set.Select(r => r.Cpu)), "0.00")} | {F(Median(set.Select(r => r.RssMiB)), "0")} | {F(Median(set.Select(r => (double)r.Rows)), "0")} |");
        }
        md.AppendLine();
    }

    private static void Raw(StringBuilder md, List<Run> runs)
    {
        md.AppendLine("## Raw runs").AppendLine();
        md.AppendLine("| bench | kind | lines | rep | wall s | user s | sys s | peak RSS MiB | import / load s | rows | load avg (1 min) |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in runs.OrderBy(r => r.Bench).ThenBy(r => r.Kind).ThenBy(r => r.N).ThenBy(r => r.Rep))
        {
            md.AppendLine($"| {r.Bench} | {r.Kind} | {Rate(r.N)} | {r.Rep} | {F(r.Wall, "0.00")} | {F(r.User, "0.00")} | {F(r.Sys, "0.00")} | {F(r.RssMiB, "0")} | {F(r.Inner, "0.00")} | {Rate(r.Rows)} | {F(r.Load, "0.00")} |");
        }
    }
}
