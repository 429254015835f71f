namespace Platform.Insights.Demo.Tests;

[Collection(GeneratedOrganisationCollection.Name)]
public sealed class ManifestTests(GeneratedOrganisation org)
{
    [Fact]
    public void Manifest_lists_exactly_the_files_on_disk()
    {
        var onDisk = Directory.EnumerateFiles(org.Root, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(org.Root, p).Replace('\\', '/'))
            .Where(p => p != DemoManifest.FileName)
            .Order(StringComparer.Ordinal);
        Assert.Equal(onDisk, org.Manifest.Files.Select(f => f.Path));
    }

    [Fact]
    public void Manifest_counts_equal_the_lines_in_the_files()
    {
        foreach (var file in org.Manifest.Files)
        {
            var lines = File.ReadAllLines(org.File(file.Path));
            Assert.Equal(file.Lines, lines.Length);
            Assert.Equal(file.Bytes, new FileInfo(org.File(file.Path)).Length);
            switch (file.Kind)
            {
                case DemoFileKind.Metrics:
                    var samples = lines.Where(l => !l.StartsWith('#')).ToList();
                    Assert.Equal(file.Samples, samples.Count);
                    Assert.Equal(file.Series, samples.Select(l => l[..l.IndexOf('}', StringComparison.Ordinal)]).Distinct().Count());
                    break;
                case DemoFileKind.Logs:
                    Assert.Equal(file.Events, lines.Length);
                    var byAction = org.LogEvents
                        .Where(x => x.Path == file.Path)
                        .Select(x => x.Event.GetProperty("event"))
                        .GroupBy(e => e.TryGetProperty("action", out var a) ? a.GetString()! : "log")
                        .ToDictionary(g => g.Key, g => (long)g.Count());
                    Assert.Equal(byAction.OrderBy(p => p.Key), file.EventsByAction!.OrderBy(p => p.Key));
                    break;
                case DemoFileKind.Billing:
                    var records = FormatReaders.CsvRecords(org.File(file.Path));
                    Assert.Equal(file.Rows, records.Count);
                    Assert.Equal(file.BilledCost, records.Sum(r => FormatReaders.Money(r["BilledCost"])));
                    Assert.Equal(file.EffectiveCost, records.Sum(r => FormatReaders.Money(r["EffectiveCost"])));
                    break;
                default:
                    Assert.Equal(file.Entities, lines.Count(l => l.StartsWith("kind: ", StringComparison.Ordinal)));
                    break;
            }
        }
    }

    [Fact]
    public void Totals_and_per_team_counts_add_up()
    {
        var m = org.Manifest;
        Assert.Equal(m.MetricSamples, m.Files.Sum(f => f.Samples ?? 0));
        Assert.Equal(m.LogEvents, m.Files.Sum(f => f.Events ?? 0));
        Assert.Equal(m.Billing.Rows, m.Files.Sum(f => f.Rows ?? 0));
        Assert.Equal(m.Billing.BilledCost, m.Files.Sum(f => f.BilledCost ?? 0));
        Assert.Equal(3, m.Teams.Count);
        Assert.Equal(6, m.Services.Count);
        foreach (var team in m.Teams)
        {
            Assert.Equal(team.ServiceCount, m.Services.Count(s => s.Team == team.Name));
            Assert.Equal(team.ResourceCount, m.Resources.Count(r => r.Team == team.Name));
            Assert.True(team.ServiceCount >= 1);
        }
        Assert.Equal(m.Deployments.Total, m.Files.Sum(f => f.EventsByAction?.GetValueOrDefault("deployment") ?? 0));
        Assert.Equal(m.Incidents.Count, m.Files.Sum(f => f.EventsByAction?.GetValueOrDefault("incident") ?? 0));
    }

    [Fact]
    public async Task Manifest_file_reads_back_as_the_returned_manifest()
    {
        var read = await DemoGenerator.ReadManifestAsync(org.Root);

        Assert.Equal(org.Manifest.Files, read.Files, new FileComparer());
        Assert.Equal(org.Manifest.Resources, read.Resources);
        Assert.Equal(org.Manifest.Incidents, read.Incidents);
        Assert.Equal(org.Manifest.Billing, read.Billing);
        Assert.Equal(org.Manifest.CostAnomaly, read.CostAnomaly);
    }

    [Fact]
    public void Progress_reports_every_file_once_completed()
    {
        List<DemoProgress> completed;
        lock (org.Progress)
        {
            completed = org.Progress.Where(p => p.Completed).ToList();
        }
        Assert.Equal(org.Manifest.Files.Select(f => (f.Path, f.Lines)).Order(), completed.Select(p => (p.Path, p.LinesWritten)).Order());
    }

    private sealed class FileComparer : IEqualityComparer<DemoFile>
    {
        public bool Equals(DemoFile? x, DemoFile? y) =>
            x is not null && y is not null && x.Path == y.Path && x.Lines == y.Lines && x.Samples == y.Samples
            && x.Rows == y.Rows && x.BilledCost == y.BilledCost && x.Events == y.Events;

        public int GetHashCode(DemoFile obj) => obj.Path.GetHashCode(StringComparison.Ordinal);
    }
}
