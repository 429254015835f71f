using SharpFuzz;
using Platform.Insights.Cleanup.Tests.Fuzz;
using Platform.Insights.Ingest.Tests.Fuzz;

namespace Platform.Insights.Bench.Fuzz;

/// <summary>
/// The out-of-process side of <c>bench/afl.sh</c>: AFL++ (<c>afl-fuzz</c>) starts <c>fuzz-bench --afl TARGET</c> once as
/// its fork server and hands it one input per execution through SharpFuzz; the edges come from the SharpFuzz-instrumented
/// parser assemblies. An input is a crash when the parser throws anything but its documented format exception, or breaks
/// its contract (<see cref="FuzzContractException"/>); AFL's own <c>-t</c> timeout makes hangs.
/// </summary>
public static class AflMode
{
    public static IReadOnlyList<FuzzTarget> Targets { get; } = [.. IngestFuzzTargets.All, PolicyFileFuzzTarget.Create()];

    public static int Fuzz(string name)
    {
        // The instrumented parsers write edges into SharpFuzz's shared memory, which exists only inside Run: the
        // targets (whose construction runs parser code) are made on the first input, never before.
        FuzzTarget? target = null;
        Fuzzer.OutOfProcess.Run(stream =>
        {
            target ??= Find(name);
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            try
            {
                target.Run(buffer.ToArray());
            }
            catch (Exception e) when (e is not FuzzContractException && target.IsDocumented(e))
            {
                // The documented rejection of bad input (a 400 / an error naming the file): not a crash.
            }
        });
        return 0;
    }

    /// <summary>Writes the target's seeds (shared/data samples, test fixtures, encoder-made requests) as AFL's input directory.</summary>
    public static int WriteSeeds(string name, string directory)
    {
        // Outside afl-fuzz the instrumented parsers still need a map to write edges into.
        using var map = new SharpFuzzCoverage();
        var target = Find(name);
        Directory.CreateDirectory(directory);
        var written = 0;
        foreach (var seed in target.Seeds.Where(s => s.Length > 0).DistinctBy(Convert.ToHexString))
        {
            File.WriteAllBytes(Path.Combine(directory, $"seed-{written++:000}"), seed);
        }
        Console.WriteLine(written);
        return written > 0 ? 0 : 1;
    }

    /// <summary>Runs saved inputs in process and prints what each did (the finding, or "ok"), for the report.</summary>
    public static int Replay(string name, IEnumerable<string> files)
    {
        using var map = new SharpFuzzCoverage();
        var target = Find(name);
        var failures = 0;
        foreach (var file in files)
        {
            var findings = new List<FuzzFinding>();
            MutationFuzzer.Execute(target, File.ReadAllBytes(file), null, findings, new HashSet<string>(StringComparer.Ordinal));
            Console.WriteLine($"{file}\t{(findings.Count == 0 ? "ok" : findings[0].ToString())}");
            failures += findings.Count;
        }
        return failures > 0 ? 1 : 0;
    }

    private static FuzzTarget Find(string name) =>
        Targets.SingleOrDefault(t => t.Name == name)
        ?? throw new ArgumentException($"no fuzz target '{name}'; targets: {string.Join(", ", Targets.Select(t => t.Name))}");
}
