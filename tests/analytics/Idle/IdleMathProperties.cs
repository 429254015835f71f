using FsCheck;
using FsCheck.Xunit;
using Platform.Insights.Analytics.Idle;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Analytics.Tests.Support;

namespace Platform.Insights.Analytics.Tests.Idle;

public sealed class IdleMathProperties : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly InsightsDatabase _database;

    public IdleMathProperties() => _database = InsightsDatabase.Open(_dir.Path, new StoreRole("test"), TimeProvider.System);

    public void Dispose()
    {
        _database.Dispose();
        _dir.Dispose();
    }

    [Property(MaxTest = 60)]
    public bool The_p95_recomputed_from_the_evidence_equals_duckdbs_quantile_cont(NonEmptyArray<NormalFloat> raw, byte percentile)
    {
        var values = raw.Get.Select(v => Math.Round(v.Get % 1000, 6)).ToArray();
        var q = Math.Min((int)percentile, 100) / 100.0;
        var expected = Convert.ToDouble(Sql.Scalar(_database,
            "SELECT quantile_cont(v, CAST($q AS DOUBLE)) FROM (SELECT unnest(CAST($values AS DOUBLE[])) AS v)",
            ("q", q), ("values", "[" + string.Join(",", values.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))) + "]")),
            System.Globalization.CultureInfo.InvariantCulture);
        return Math.Abs(IdleMath.Quantile(values, q)!.Value - expected) <= 1e-9 * Math.Max(1, Math.Abs(expected));
    }

    [Property(MaxTest = 300)]
    public bool Rightsizing_never_recommends_less_memory_than_requested_after_an_oom_kill(PositiveInt cpuMilli, PositiveInt memoryMiB, PositiveInt requestMiB, bool oom)
    {
        var (cpu, memory) = IdleMath.RecommendedRequests(cpuMilli.Get / 1000.0, memoryMiB.Get * 1048576.0, requestMiB.Get * 1048576.0, oom, 0.65);
        var cpuRight = Math.Abs(cpu!.Value - (cpuMilli.Get / 1000.0 / 0.65)) < 1e-12;
        var memoryRight = oom
            ? memory >= requestMiB.Get * 1048576.0 && memory >= Math.Min(memoryMiB.Get * 1048576.0 / 0.65, requestMiB.Get * 1048576.0)
            : Math.Abs(memory!.Value - (memoryMiB.Get * 1048576.0 / 0.65)) < 1e-6;
        return cpuRight && memoryRight;
    }

    [Property(MaxTest = 300)]
    public bool Coverage_stays_between_0_and_1_and_the_trailing_run_stops_at_the_first_failing_or_missing_day(bool[] quiet, bool[] present)
    {
        var days = quiet.Select((q, i) => (q, i)).Where(x => x.i >= present.Length || present[x.i])
            .Select(x => new IdleDay(x.i, x.q ? 1.2 : 0.5, CpuMax: x.q ? 0.01 : 0.5)).ToList();
        var coverage = IdleMath.Coverage(days, 14);
        var run = IdleMath.TrailingRun(days, d => d.CpuMax < 0.1, 35);
        var expected = 0;
        while (expected < Math.Min(quiet.Length, 35) && quiet[expected] && (expected >= present.Length || present[expected]))
        {
            expected++;
        }
        return coverage is >= 0 and <= 1 && run == expected;
    }

    [Property(MaxTest = 200)]
    public bool A_lower_cpu_never_turns_an_idle_vm_into_a_busier_state(byte cpuPerMille, byte lowerBy)
    {
        var cpu = cpuPerMille / 1000.0;
        var lower = Math.Max(0, cpu - (lowerBy / 1000.0));
        var classifier = new IdleClassifier(new IdleOptions(), IdleStore.T0);
        var higher = classifier.Classify(IdleEvidenceTests.Resource("i-x", cpu));
        var lowered = classifier.Classify(IdleEvidenceTests.Resource("i-x", lower));
        return higher.State != IdleState.Idle || lowered.State == IdleState.Idle;
    }
}
