using System.Diagnostics;
using System.IO.Compression;
using Platform.Insights.Ingest.Parsers.Gzip;

namespace Platform.Insights.Bench;

/// <summary>
/// <c>gunzip PATH REPS</c>: decompresses a .gz file with the product's <see cref="GzipMemberStream"/> and with .NET's
/// <see cref="GZipStream"/> (the baseline), REPS times each, interleaved, reading it to the end the way an import does
/// (64 KiB file buffer, 64 KiB reads). Prints every run and the medians: decompressed MB/s and ours ÷ GZipStream.
/// </summary>
internal static class GunzipBench
{
    private const int BufferSize = 1 << 16;

    public static int Run(string path, int reps)
    {
        var compressed = new FileInfo(path).Length;
        var ours = new List<double>();
        var baseline = new List<double>();
        long oursBytes = 0, baselineBytes = 0;
        Console.WriteLine("reader\trep\tseconds\tdecompressed_bytes\tMB_per_s");
        for (var rep = 1; rep <= reps; rep++)
        {
            (baselineBytes, var seconds) = Time(file => new GZipStream(file, CompressionMode.Decompress), path);
            baseline.Add(seconds);
            Console.WriteLine($"GZipStream\t{rep}\t{seconds:0.000}\t{baselineBytes}\t{baselineBytes / seconds / 1e6:0.0}");
            (oursBytes, seconds) = Time(file => new GzipMemberStream(file, path), path);
            ours.Add(seconds);
            Console.WriteLine($"GzipMemberStream\t{rep}\t{seconds:0.000}\t{oursBytes}\t{oursBytes / seconds / 1e6:0.0}");
        }
        var oursMedian = Median(ours);
        var baselineMedian = Median(baseline);
        Console.WriteLine($"file {path}: {compressed} bytes compressed, {oursBytes} decompressed (GZipStream: {baselineBytes})");
        Console.WriteLine($"median GzipMemberStream {oursMedian:0.000} s = {oursBytes / oursMedian / 1e6:0.0} MB/s; GZipStream {baselineMedian:0.000} s = {baselineBytes / baselineMedian / 1e6:0.0} MB/s; throughput ratio ours/GZipStream {baselineMedian / oursMedian:0.00}");
        return oursBytes == baselineBytes ? 0 : 1;
    }

    private static (long Bytes, double Seconds) Time(Func<Stream, Stream> open, string path)
    {
        var buffer = new byte[BufferSize];
        var clock = Stopwatch.StartNew();
        long total = 0;
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan))
        using (var stream = open(file))
        {
            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                total += read;
            }
        }
        return (total, clock.Elapsed.TotalSeconds);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
