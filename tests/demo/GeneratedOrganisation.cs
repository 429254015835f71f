using System.Collections.Concurrent;
using System.Text.Json;

namespace Platform.Insights.Demo.Tests;

/// <summary>
/// One organisation generated once for all tests in <see cref="GeneratedOrganisationCollection"/>: 3 teams,
/// 6 services, 33 days from 2026-10-31 to 2026-12-03, so the window touches three billing months.
/// </summary>
public sealed class GeneratedOrganisation : IAsyncLifetime, IDisposable
{
    public static readonly DemoOrganisationOptions Options = new()
    {
        Teams = 3,
        Services = 6,
        Days = 33,
        Seed = 7,
        EndDate = new DateOnly(2026, 12, 3),
    };

    private readonly TempDirectory _directory = new();
    private readonly ConcurrentDictionary<string, Lazy<IReadOnlyList<FormatReaders.Sample>>> _samples = new(StringComparer.Ordinal);
    private readonly Lazy<IReadOnlyList<(string Path, JsonElement Event)>> _events;

    public GeneratedOrganisation()
    {
        _events = new(() => [.. FilesOf(DemoFileKind.Logs)
            .SelectMany(f => System.IO.File.ReadLines(File(f.Path)).Select(l => (f.Path, JsonDocument.Parse(l).RootElement)))]);
    }

    public string Root => _directory.Path;

    public DemoManifest Manifest { get; private set; } = null!;

    public List<DemoProgress> Progress { get; } = [];

    public string File(string relative) => _directory.File(relative);

    public IEnumerable<DemoFile> FilesOf(DemoFileKind kind) => Manifest.Files.Where(f => f.Kind == kind);

    /// <summary>The samples of metrics/&lt;family&gt;.om, parsed once and shared by the tests.</summary>
    public IReadOnlyList<FormatReaders.Sample> Samples(string family) =>
        _samples.GetOrAdd(family, f => new Lazy<IReadOnlyList<FormatReaders.Sample>>(() => [.. FormatReaders.Samples(File($"metrics/{f}.om"))])).Value;

    /// <summary>Every log event with the file it came from, parsed once.</summary>
    public IReadOnlyList<(string Path, JsonElement Event)> LogEvents => _events.Value;

    public async Task InitializeAsync()
    {
        var progress = new SynchronousProgress<DemoProgress>(p =>
        {
            lock (Progress)
            {
                Progress.Add(p);
            }
        });
        Manifest = await DemoGenerator.WriteAsync(Options, Root, progress, CancellationToken.None);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _directory.Dispose();
}
