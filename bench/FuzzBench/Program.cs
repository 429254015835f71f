using System.Globalization;
using System.Security.Cryptography;
using Platform.Insights.Bench.Fuzz;
using Platform.Insights.Cleanup.Tests.Fuzz;
using Platform.Insights.Ingest.Tests.Fuzz;

// fuzz-bench SECONDS [--coverage] [--blind-too] [--out DIR] [--seed N] [--only NAME,NAME]
// Runs every parser target for SECONDS each; with --coverage (SharpFuzz-instrumented assemblies) inputs reaching new
// edges join the corpus, and --blind-too first runs the same budget without feedback so both figures come from one run.
// Prints one TSV row per run: mode, target, seconds, execs, execs/s, corpus, edges, findings. Findings are written to
// DIR/<target>/<kind>-<sha>.bin (drop them into tests/ingest/Fuzz/Regressions/<target>/). Exit 1 when anything was found.
// AFL++ modes (bench/afl.sh): fuzz-bench --afl TARGET | --afl-seeds TARGET DIR | --afl-replay TARGET FILE...
switch (args.FirstOrDefault())
{
    case "--afl" when args.Length == 2:
        return AflMode.Fuzz(args[1]);
    case "--afl-seeds" when args.Length == 3:
        return AflMode.WriteSeeds(args[1], args[2]);
    case "--afl-replay" when args.Length >= 2:
        return AflMode.Replay(args[1], args.Skip(2));
}
var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 10;
var coverage = args.Contains("--coverage");
var blindToo = args.Contains("--blind-too");
var output = Option("--out") ?? Path.Combine(Environment.CurrentDirectory, "fuzz-findings");
var seed = int.Parse(Option("--seed") ?? "20261129", CultureInfo.InvariantCulture);
var only = Option("--only")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

using var map = coverage ? new SharpFuzzCoverage() : null;
var targets = IngestFuzzTargets.All.Append(PolicyFileFuzzTarget.Create()).Where(t => only is null || only.Contains(t.Name)).ToList();
var found = 0;
Console.WriteLine("mode\ttarget\tseconds\texecs\texecs_per_s\tcorpus\tedges\tfindings");
foreach (var target in targets)
{
    if (coverage && blindToo)
    {
        // Blind: the same instrumented code, edges counted but never used to pick inputs.
        using var counted = new SharpFuzzCoverage();
        found += Report("blind", MutationFuzzer.Run(target, TimeSpan.FromSeconds(seconds), seed, new CountingOnly(counted)));
    }
    using var guided = coverage ? new SharpFuzzCoverage() : null;
    found += Report(coverage ? "coverage" : "blind", MutationFuzzer.Run(target, TimeSpan.FromSeconds(seconds), seed, guided));
}
return found > 0 ? 1 : 0;

int Report(string mode, FuzzRun run)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{mode}\t{run.Target}\t{run.Elapsed.TotalSeconds:0.0}\t{run.Executions}\t{run.Executions / Math.Max(run.Elapsed.TotalSeconds, 0.001):0}\t{run.Corpus}\t{run.Edges}\t{run.Findings.Count}"));
    foreach (var finding in run.Findings)
    {
        var directory = Directory.CreateDirectory(Path.Combine(output, run.Target)).FullName;
        var name = $"{finding.Kind}-{Convert.ToHexStringLower(SHA256.HashData(finding.Input))[..12]}.bin";
        File.WriteAllBytes(Path.Combine(directory, name), finding.Input);
        Console.Error.WriteLine($"  {run.Target}: {finding} -> {Path.Combine(directory, name)}");
    }
    return run.Findings.Count;
}

string? Option(string name)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}
