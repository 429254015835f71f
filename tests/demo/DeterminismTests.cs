using System.Security.Cryptography;

namespace Platform.Insights.Demo.Tests;

public sealed class DeterminismTests
{
    private static readonly DemoOrganisationOptions Options = new() { Teams = 3, Services = 8, Days = 5, Seed = 11 };

    [Fact]
    public async Task Same_options_and_seed_write_byte_identical_files()
    {
        using var first = new TempDirectory();
        using var second = new TempDirectory();

        await DemoGenerator.WriteAsync(Options, first.Path);
        await DemoGenerator.WriteAsync(Options, second.Path);

        var a = Hashes(first.Path);
        var b = Hashes(second.Path);
        Assert.True(a.Count > 10);
        Assert.Equal(a, b);
    }

    [Fact]
    public async Task A_different_seed_changes_the_data()
    {
        using var first = new TempDirectory();
        using var second = new TempDirectory();

        await DemoGenerator.WriteAsync(Options with { Days = 2 }, first.Path);
        await DemoGenerator.WriteAsync(Options with { Days = 2, Seed = 12 }, second.Path);

        Assert.NotEqual(Hashes(first.Path)["metrics/resource_cpu_utilization_ratio.om"], Hashes(second.Path)["metrics/resource_cpu_utilization_ratio.om"]);
    }

    [Fact]
    public async Task Changing_the_period_does_not_change_the_organisation()
    {
        // Per-concern random streams: the catalog and resources do not shift when only Days changes.
        using var shortRun = new TempDirectory();
        using var longRun = new TempDirectory();

        var a = await DemoGenerator.WriteAsync(Options with { Days = 1 }, shortRun.Path);
        var b = await DemoGenerator.WriteAsync(Options with { Days = 3 }, longRun.Path);

        var catalogA = Hashes(shortRun.Path).Where(h => h.Key.StartsWith("catalog/", StringComparison.Ordinal));
        var catalogB = Hashes(longRun.Path).Where(h => h.Key.StartsWith("catalog/", StringComparison.Ordinal));
        Assert.Equal(catalogA, catalogB);
        Assert.Equal(a.Resources, b.Resources);
    }

    private static SortedDictionary<string, string> Hashes(string root)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            using var stream = File.OpenRead(path);
            result[Path.GetRelativePath(root, path).Replace('\\', '/')] = Convert.ToHexString(SHA256.HashData(stream));
        }
        return result;
    }
}
