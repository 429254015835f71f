using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Snappier;

// rw-bench encode DIR SHARDS REQUESTS_PER_SHARD SERIES_PER_REQUEST SAMPLES_PER_SERIES START_MS STEP_MS SERVICES
//   writes DIR/SHARD-REQ.bin: shard s owns series s*SERIES..(s+1)*SERIES-1; request k of a shard carries samples
//   k*SAMPLES..(k+1)*SAMPLES-1 of each of its series at START_MS + i*STEP_MS, so each shard's requests are in time
//   order per series (as Prometheus's remote write shards send them).
// rw-bench uptime PATH SERVICES DAYS END_S: OpenMetrics with one probe_success series per service, one sample a
//   minute for DAYS days ending at END_S (Unix seconds), 1 with a few outages of 0 (about 0.3 %), `# EOF` last.
// rw-bench dense PATH SHAPE SERVICES SERIES SECONDS STEP_S END_S: OpenMetrics of bench/load.sh's store (RELIABILITY.md
//   §5.10), SERIES series per service, one sample every STEP_S seconds for SECONDS ending at END_S, written time-major
//   (every series' sample of one step, then the next step) as remote write stores them. SHAPE probe: probe_success
//   {instance, job, service} as load-bench sends (0 when (step + series) % 97 == 0, else 1); requests: the same number of
//   http_requests_total counters per service, 4 in 5 code="200" and 1 in 5 code="500" (+10 / +0..1 a step, a reset to 0
//   every 2,000 steps of a series); mixed: even services the probes and the counters both (SLI probe), odd ones counters.
// rw-bench send URL DIR [TOKEN]: one connection per shard, each posting its shard's requests in order; 5xx/429 are
//   retried after 100 ms (as Prometheus does) and counted. Prints one TSV line:
//   wall_s requests ok_2xx retries failed samples_sent samples_2xx samples_per_s
var culture = CultureInfo.InvariantCulture;
switch (args.ElementAtOrDefault(0))
{
    case "encode":
        Encode(args[1], int.Parse(args[2], culture), int.Parse(args[3], culture), int.Parse(args[4], culture),
            int.Parse(args[5], culture), long.Parse(args[6], culture), long.Parse(args[7], culture), int.Parse(args[8], culture));
        return 0;
    case "uptime":
        Uptime(args[1], int.Parse(args[2], culture), int.Parse(args[3], culture), long.Parse(args[4], culture));
        return 0;
    case "dense":
        Dense(args[1], args[2], int.Parse(args[3], culture), int.Parse(args[4], culture), int.Parse(args[5], culture),
            int.Parse(args[6], culture), long.Parse(args[7], culture));
        return 0;
    case "send":
        return await Send(args[1], args[2], args.ElementAtOrDefault(3));
    default:
        Console.Error.WriteLine("usage: rw-bench encode DIR SHARDS REQS SERIES SAMPLES START_MS STEP_MS SERVICES | send URL DIR [TOKEN]");
        return 2;
}

static void Encode(string dir, int shards, int requests, int series, int samples, long startMs, long stepMs, int services)
{
    Directory.CreateDirectory(dir);
    var total = 0L;
    Parallel.For(0, shards, s =>
    {
        var labelBlocks = new byte[series][];
        for (var i = 0; i < series; i++)
        {
            var id = (s * series) + i;
            // label names sorted: __name__, instance, job, service
            var labels = new Buffer();
            labels.Message(1, l => { l.String(1, "__name__"); l.String(2, "probe_success"); });
            labels.Message(1, l => { l.String(1, "instance"); l.String(2, $"host-{id}:9100"); });
            labels.Message(1, l => { l.String(1, "job"); l.String(2, "bench"); });
            labels.Message(1, l => { l.String(1, "service"); l.String(2, $"svc-{id % services:D4}"); });
            labelBlocks[i] = labels.ToArray();
        }
        for (var k = 0; k < requests; k++)
        {
            var request = new Buffer();
            for (var i = 0; i < series; i++)
            {
                request.Message(1, ts =>
                {
                    ts.Raw(labelBlocks[i]);
                    for (var j = 0; j < samples; j++)
                    {
                        var index = ((long)k * samples) + j;
                        var value = ((index + i) % 97 == 0) ? 0.0 : 1.0;
                        ts.Message(2, sm => { sm.Double(1, value); sm.Varint(2, (ulong)(startMs + (index * stepMs))); });
                    }
                });
            }
            File.WriteAllBytes(Path.Combine(dir, $"{s:D3}-{k:D5}.bin"), Snappy.CompressToArray(request.ToArray()));
        }
        Interlocked.Add(ref total, (long)requests * series * samples);
    });
    File.WriteAllText(Path.Combine(dir, "samples-per-request"), (series * samples).ToString(CultureInfo.InvariantCulture));
    Console.WriteLine($"encoded {shards * requests} requests, {total} samples, " +
        $"{Directory.GetFiles(dir, "*.bin").Sum(f => new FileInfo(f).Length) / 1048576.0:F1} MiB compressed");
}

static void Uptime(string path, int services, int days, long endS)
{
    var minutes = days * 1440;
    var start = endS - ((long)minutes * 60);
    using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
    writer.Write("# TYPE probe_success gauge\n# HELP probe_success Whether the probe succeeded.\n");
    var random = new Random(42);
    for (var s = 0; s < services; s++)
    {
        var labels = $"probe_success{{service=\"svc-{s:D4}\",instance=\"blackbox:9115\",job=\"blackbox\"}} ";
        var downUntil = -1;
        for (var m = 0; m < minutes; m++)
        {
            if (m > downUntil && random.Next(20000) == 0)
            {
                downUntil = m + random.Next(1, 90); // an outage of 1-90 minutes, about two a month
            }
            writer.Write(labels);
            writer.Write(m <= downUntil ? '0' : '1');
            writer.Write(' ');
            writer.Write((start + ((long)m * 60)).ToString(CultureInfo.InvariantCulture));
            writer.Write('\n');
        }
    }
    writer.Write("# EOF\n");
}

static void Dense(string path, string shape, int services, int perService, int seconds, int step, long endS)
{
    if (shape is not ("probe" or "requests" or "mixed"))
    {
        throw new ArgumentException($"shape must be probe, requests or mixed; got {shape}");
    }
    var steps = seconds / step;
    var start = endS - ((long)steps * step);
    var probes = new List<string>();
    var counters = new List<(string Labels, bool Error)>();
    for (var s = 0; s < services; s++)
    {
        var probe = shape == "probe" || (shape == "mixed" && s % 2 == 0);
        var requests = shape == "requests" || shape == "mixed";
        for (var k = 0; k < perService; k++)
        {
            var id = (k * services) + s; // load-bench's numbering: series id, service id % services
            if (probe)
            {
                probes.Add($"probe_success{{instance=\"host-{id}:9100\",job=\"load\",service=\"svc-{s:D4}\"}} ");
            }
            if (requests)
            {
                var error = k % 5 == 4;
                counters.Add(($"http_requests_total{{code=\"{(error ? 500 : 200)}\",instance=\"host-{id}:9100\",job=\"load\",service=\"svc-{s:D4}\"}} ", error));
            }
        }
    }
    var counts = new double[counters.Count];
    var random = new Random(42);
    using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
    writer.Write("# TYPE probe_success gauge\n# TYPE http_requests_total counter\n");
    for (var i = 0; i < steps; i++)
    {
        var ts = (start + ((long)i * step)).ToString(CultureInfo.InvariantCulture);
        for (var p = 0; p < probes.Count; p++)
        {
            writer.Write(probes[p]);
            writer.Write((i + p) % 97 == 0 ? '0' : '1');
            writer.Write(' ');
            writer.Write(ts);
            writer.Write('\n');
        }
        for (var c = 0; c < counters.Count; c++)
        {
            counts[c] = (i + c) % 2000 == 0 ? 0 : counts[c] + (counters[c].Error ? random.Next(2) : 10);
            writer.Write(counters[c].Labels);
            writer.Write(counts[c].ToString(CultureInfo.InvariantCulture));
            writer.Write(' ');
            writer.Write(ts);
            writer.Write('\n');
        }
    }
    writer.Write("# EOF\n");
}

static async Task<int> Send(string url, string dir, string? token)
{
    var perRequest = long.Parse(File.ReadAllText(Path.Combine(dir, "samples-per-request")), CultureInfo.InvariantCulture);
    var shards = Directory.GetFiles(dir, "*.bin").Order(StringComparer.Ordinal)
        .GroupBy(f => Path.GetFileName(f)[..3]).Select(g => g.Select(File.ReadAllBytes).ToArray()).ToArray();
    using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = shards.Length, PooledConnectionLifetime = TimeSpan.FromHours(1) })
    { Timeout = TimeSpan.FromMinutes(5) };
    long ok = 0, retries = 0, failed = 0;
    var errors = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(shards.Select(shard => Task.Run(async () =>
    {
        foreach (var body in shard)
        {
            for (var attempt = 0; ; attempt++)
            {
                using var message = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
                message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
                message.Content.Headers.ContentEncoding.Add("snappy");
                message.Headers.Add("X-Prometheus-Remote-Write-Version", "0.1.0");
                if (token is { Length: > 0 })
                {
                    message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                }
                using var response = await http.SendAsync(message);
                var code = (int)response.StatusCode;
                if (response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref ok);
                    break;
                }
                var text = await response.Content.ReadAsStringAsync();
                errors.AddOrUpdate($"{code} {text[..Math.Min(text.Length, 200)]}", 1, (_, n) => n + 1);
                if ((code >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests) && attempt < 100)
                {
                    Interlocked.Increment(ref retries);
                    await Task.Delay(100);
                    continue;
                }
                Interlocked.Increment(ref failed);
                break;
            }
        }
    }))).ConfigureAwait(false);
    var wall = clock.Elapsed.TotalSeconds;
    var requests = shards.Sum(s => s.Length);
    foreach (var (error, n) in errors)
    {
        Console.Error.WriteLine($"rw-bench: {n} x {error}");
    }
    Console.WriteLine(string.Join('\t', wall.ToString("F3", CultureInfo.InvariantCulture), requests, ok, retries, failed,
        requests * perRequest, ok * perRequest, (ok * perRequest / wall).ToString("F0", CultureInfo.InvariantCulture)));
    return failed == 0 ? 0 : 1;
}

/// <summary>A growable protobuf writer (only what a WriteRequest needs).</summary>
internal sealed class Buffer
{
    private byte[] _data = new byte[256];
    private int _length;

    public byte[] ToArray() => _data.AsSpan(0, _length).ToArray();

    public void Raw(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_data.AsSpan(_length));
        _length += bytes.Length;
    }

    public void Varint(ulong value)
    {
        Ensure(10);
        while (value >= 0x80)
        {
            _data[_length++] = (byte)(value | 0x80);
            value >>= 7;
        }
        _data[_length++] = (byte)value;
    }

    public void Varint(int field, ulong value)
    {
        Tag(field, 0);
        Varint(value);
    }

    public void Double(int field, double value)
    {
        Tag(field, 1);
        Ensure(8);
        BinaryPrimitives.WriteDoubleLittleEndian(_data.AsSpan(_length), value);
        _length += 8;
    }

    public void String(int field, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        Tag(field, 2);
        Varint((ulong)bytes.Length);
        Raw(bytes);
    }

    public void Message(int field, Action<Buffer> write)
    {
        var inner = new Buffer();
        write(inner);
        Tag(field, 2);
        Varint((ulong)inner._length);
        Raw(inner._data.AsSpan(0, inner._length));
    }

    private void Tag(int field, int wireType) => Varint((ulong)((field << 3) | wireType));

    private void Ensure(int extra)
    {
        if (_length + extra > _data.Length)
        {
            Array.Resize(ref _data, Math.Max(_data.Length * 2, _length + extra));
        }
    }
}
