using Platform.Insights.Demo;

namespace Platform.Insights.Host.Tests.Support;

/// <summary>
/// The small demo organisation, generated and ingested once per test run by <c>insights demo</c> and shared
/// by every class that needs demo data. Its data directory is only read, by one class at a time (a CLI
/// query holds the directory while it runs); a pristine copy taken right after the demo is never opened,
/// only copied again by tests that serve or change data.
/// </summary>
public sealed class SharedDemo
{
    public static readonly DemoOrganisationOptions Options = new() { Teams = 2, Services = 5, Days = 2, Seed = 7, EndDate = new DateOnly(2026, 1, 10) };

    public static readonly string[] Args = ["--teams", "2", "--services", "5", "--days", "2", "--seed", "7", "--end", "2026-01-10"];

    private static readonly Lazy<Task<SharedDemo>> Instance = new(CreateAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    private SharedDemo(TempDir root, CliResult run, DemoManifest manifest)
    {
        Root = root;
        Run = run;
        Manifest = manifest;
    }

    public static Task<SharedDemo> GetAsync() => Instance.Value;

    public TempDir Root { get; }

    /// <summary>What <c>insights demo</c> printed and returned.</summary>
    public CliResult Run { get; }

    public DemoManifest Manifest { get; }

    public string Data => Root.Sub("data");

    public string Input => Root.Sub("in");

    private string Pristine => Root.Sub("pristine");

    /// <summary>A private copy of the demo's data directory, for a test that serves or changes it.</summary>
    public void CopyDataTo(string target) => TempDir.Copy(Pristine, target);

    private static async Task<SharedDemo> CreateAsync()
    {
        var root = new TempDir("demo");
        // Best effort: the test host may be ended before this runs, so stale demos of earlier runs are swept too.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => root.Dispose();
        TempDir.SweepStale("demo", TimeSpan.FromHours(1));
        var work = Directory.CreateDirectory(root.Sub("work")).FullName;
        var run = await InsightsExe.RunAsync(work, ["demo", .. Args, "--data", root.Sub("data"), "--out", root.Sub("in")], timeout: TimeSpan.FromMinutes(3));
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"the shared demo failed:\n{run}");
        }
        TempDir.Copy(root.Sub("data"), root.Sub("pristine"));
        return new SharedDemo(root, run, await DemoGenerator.ReadManifestAsync(root.Sub("in")));
    }
}
