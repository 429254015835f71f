using Platform.Insights.Demo;

namespace Platform.Insights.Host.Tests.Support;

/// <summary>
/// The small demo organisation, generated and ingested once per test run and shared by every class that
/// needs demo data. It is run twice with the same seed (concurrently, into separate directories), so the
/// determinism check costs no extra wall time. The first data directory is only read, by one class at a
/// time (a CLI query holds the directory while it runs); the second is never opened, only copied by tests
/// that serve or change data.
/// </summary>
public sealed class SharedDemo
{
    public static readonly string[] Args = ["--teams", "2", "--services", "5", "--days", "2", "--seed", "7", "--end", "2026-01-10"];

    private static readonly Lazy<Task<SharedDemo>> Instance = new(CreateAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    private SharedDemo(TempDir root, CliResult first, CliResult second, DemoManifest manifest)
    {
        Root = root;
        First = first;
        Second = second;
        Manifest = manifest;
    }

    public static Task<SharedDemo> GetAsync() => Instance.Value;

    public TempDir Root { get; }

    public CliResult First { get; }

    public CliResult Second { get; }

    public DemoManifest Manifest { get; }

    public string Data1 => Root.Sub("data1");

    public string Input1 => Root.Sub("in1");

    public string Data2 => Root.Sub("data2");

    public string Input2 => Root.Sub("in2");

    /// <summary>A private copy of the second run's data directory (which no test opens), for a test that changes or serves data.</summary>
    public void CopyDataTo(string target) => TempDir.Copy(Data2, target);

    private static async Task<SharedDemo> CreateAsync()
    {
        var root = new TempDir("demo");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => root.Dispose();
        var work1 = Directory.CreateDirectory(root.Sub("work1")).FullName;
        var work2 = Directory.CreateDirectory(root.Sub("work2")).FullName;
        var runs = await Task.WhenAll(
            InsightsExe.RunAsync(work1, ["demo", .. Args, "--data", root.Sub("data1"), "--out", root.Sub("in1")], timeout: TimeSpan.FromMinutes(3)),
            InsightsExe.RunAsync(work2, ["demo", .. Args, "--data", root.Sub("data2"), "--out", root.Sub("in2")], timeout: TimeSpan.FromMinutes(3)));
        var manifest = runs[0].ExitCode == 0
            ? await DemoGenerator.ReadManifestAsync(root.Sub("in1"))
            : throw new InvalidOperationException($"the shared demo failed:\n{runs[0]}");
        return new SharedDemo(root, runs[0], runs[1], manifest);
    }
}
