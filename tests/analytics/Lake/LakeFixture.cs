using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Platform.Insights.Analytics.Lake;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Analytics.Tests.Support;

namespace Platform.Insights.Analytics.Tests.Lake;

/// <summary>A silo's store in cluster mode: a data directory whose writer, billing deliveries and readers use a lake.</summary>
public sealed class LakeFixture : IAsyncDisposable
{
    private readonly TempDirectory _dir = new();

    public LakeFixture(string writerId = "silo1", string? lakeRoot = null, IPartitionLock? partitionLock = null, int minFiles = 2)
    {
        Registry = Prometheus.Metrics.NewCustomRegistry();
        Root = lakeRoot ?? _dir.File("lake");
        Options = Microsoft.Extensions.Options.Options.Create(new LakeOptions { Root = Root, WriterId = writerId, CompactionMinFiles = minFiles, CompactionGrace = TimeSpan.FromMinutes(10) });
        Views = new LakeViews(new LakeLayout(Root));
        Meters = new LakeMeters(Registry);
        Writer = new LakeWriter(Views, Options, LakeWriterName.For(Options.Value, _dir.File("data")), Time, Meters);
        Database = InsightsDatabase.Open(_dir.File("data"), new StoreRole("test"), Time, lake: Views);
        Store = new StoreWriter(Database, Microsoft.Extensions.Options.Options.Create(new StoreOptions { Data = _dir.File("data") }), Time,
            new StoreMeters(Registry), NullLogger<StoreWriter>.Instance, Writer);
        Billing = new BillingStore(Database, Writer);
        Compactor = new LakeCompactor(Writer, partitionLock ?? new ProcessPartitionLock(), Options, Time, Meters, NullLogger<LakeCompactor>.Instance);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public Prometheus.CollectorRegistry Registry { get; }

    public string Root { get; }

    public IOptions<LakeOptions> Options { get; }

    public LakeViews Views { get; }

    public LakeMeters Meters { get; }

    public LakeWriter Writer { get; }

    public InsightsDatabase Database { get; }

    public StoreWriter Store { get; }

    public BillingStore Billing { get; }

    public LakeCompactor Compactor { get; }

    public LakeLayout Layout => Views.Layout;

    /// <summary>One value of a query over the lake's views (a reader connection of this store).</summary>
    public T Scalar<T>(string sql)
    {
        using var connection = Database.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = command.ExecuteScalar();
        return (T)Convert.ChangeType(value, typeof(T), System.Globalization.CultureInfo.InvariantCulture)!;
    }

    public IReadOnlyList<string> FilesOf(LakeKind kind) =>
        Directory.Exists(Layout.KindDirectory(kind))
            ? [.. Directory.EnumerateFiles(Layout.KindDirectory(kind), "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/')).Order(StringComparer.Ordinal)]
            : [];

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        Database.Dispose();
        _dir.Dispose();
    }
}
