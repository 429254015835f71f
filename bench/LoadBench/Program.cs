using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Platform.Insights.Bench.Load;
using Snappier;

// load-bench key=value …  (all optional; defaults in Settings)
//   url, token (ingest), readToken (read), rate (samples/s offered), seconds, shards, series (per shard),
//   samples (per series per request), services, stepMs, startMs, readers, readPauseMs, logsPerSecond,
//   drainSeconds, timeline (TSV path), summary (TSV path)
// Remote write: shard s owns `series` series and sends request k at t0 + k·interval (interval = shards·series·samples /
// rate): when the server is slower than that the shard sends back to back (its backlog is reported, not dropped —
// a real Prometheus would buffer, then drop its oldest). 429 / 5xx / connection errors are retried with exponential
// backoff (100 ms … 5 s, Retry-After honoured) until accepted, as Prometheus's queue manager does; every sample of a
// 2xx answer is "acknowledged". After `seconds` no new request is started; retries in flight get `drainSeconds`.
// Readers: GET the KPI endpoints in turn with the read token and time each answer.
var s = Settings.Parse(args);
var culture = CultureInfo.InvariantCulture;
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = s.Shards + s.Readers + 2, PooledConnectionLifetime = TimeSpan.FromHours(2) })
{
    Timeout = TimeSpan.FromMinutes(2),
};
var stats = new LoadStats();
var clock = Stopwatch.StartNew();
var samplesPerRequest = (long)s.Series * s.Samples;
var interval = TimeSpan.FromSeconds((double)s.Shards * samplesPerRequest / s.Rate);
using var stopSending = new CancellationTokenSource(TimeSpan.FromSeconds(s.Seconds));
using var stopAll = new CancellationTokenSource(TimeSpan.FromSeconds(s.Seconds + s.DrainSeconds));
var timeline = Task.Run(() => Timeline(s, stats, clock, stopAll.Token));

var senders = Enumerable.Range(0, s.Shards).Select(shard => Task.Run(() => SendShard(shard))).ToArray();
var readers = Enumerable.Range(0, s.Readers).Select(r => Task.Run(() => Read(r))).ToArray();
var logs = s.LogsPerSecond > 0 ? Task.Run(PushLogs) : Task.CompletedTask;
await Task.WhenAll(senders);
var sendWall = clock.Elapsed.TotalSeconds;
await Task.WhenAll(readers);
await logs;
await stopAll.CancelAsync();
await timeline;
stats.WriteSummary(s, sendWall, interval);
return stats.Abandoned == 0 ? 0 : 1;

async Task SendShard(int shard)
{
    var labels = Protobuf.LabelBlocks(shard, s.Series, s.Services);
    for (var k = 0L; !stopSending.IsCancellationRequested; k++)
    {
        var due = interval * k;
        if (clock.Elapsed < due)
        {
            try
            {
                await Task.Delay(due - clock.Elapsed, stopSending.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        else
        {
            stats.Behind(shard, (long)((clock.Elapsed - due) / interval));
        }
        var body = Snappy.CompressToArray(Protobuf.WriteRequest(labels, k, s.Samples, s.StartMs, s.StepMs));
        Interlocked.Increment(ref stats.Requests);
        var delay = TimeSpan.FromMilliseconds(100);
        for (var attempt = 0; ; attempt++)
        {
            if (stopAll.IsCancellationRequested)
            {
                Interlocked.Increment(ref stats.Abandoned);
                break;
            }
            using var message = new HttpRequestMessage(HttpMethod.Post, s.Url + "/api/v1/write") { Content = new ByteArrayContent(body) };
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
            message.Content.Headers.ContentEncoding.Add("snappy");
            message.Headers.Add("X-Prometheus-Remote-Write-Version", "0.1.0");
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", s.Token);
            TimeSpan? retryAfter = null;
            try
            {
                using var response = await http.SendAsync(message, stopAll.Token);
                var code = (int)response.StatusCode;
                stats.Status(code);
                if (response.IsSuccessStatusCode)
                {
                    Interlocked.Add(ref stats.SamplesAcknowledged, samplesPerRequest);
                    break;
                }
                if (code != 429 && code < 500)
                {
                    stats.Error($"{code} {await response.Content.ReadAsStringAsync(stopAll.Token)}");
                    Interlocked.Increment(ref stats.Rejected);
                    break;
                }
                retryAfter = response.Headers.RetryAfter?.Delta;
            }
            catch (HttpRequestException e)
            {
                stats.Error($"connection: {e.Message}");
            }
            catch (OperationCanceledException)
            {
                Interlocked.Increment(ref stats.Abandoned);
                break;
            }
            Interlocked.Increment(ref stats.Retries);
            var wait = retryAfter is { } after && after > delay ? after : delay;
            try
            {
                await Task.Delay(wait, stopAll.Token);
            }
            catch (OperationCanceledException)
            {
                Interlocked.Increment(ref stats.Abandoned);
                break;
            }
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
        }
    }
}

async Task Read(int reader)
{
    string[] paths =
    [
        "/api/v1/kpi/uptime?scope=org&window=1d",
        "/api/v1/kpi/uptime?scope=team&window=7d",
        "/api/v1/kpi/uptime?scope=service&window=1d",
        "/api/v1/incidents",
    ];
    for (var i = reader; !stopSending.IsCancellationRequested; i++)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, s.Url + paths[i % paths.Length]);
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", s.ReadToken);
        var started = clock.Elapsed;
        try
        {
            using var response = await http.SendAsync(message, stopAll.Token);
            await response.Content.ReadAsByteArrayAsync(stopAll.Token);
            // HTTP Age: how old the served answer is (the freshness a dashboard is told), -1 when not sent.
            var age = response.Headers.Age is { } a ? a.TotalSeconds : -1;
            stats.Read((clock.Elapsed - started).TotalMilliseconds, (int)response.StatusCode, age);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            stats.Read((clock.Elapsed - started).TotalMilliseconds, 0, -1);
        }
        try
        {
            await Task.Delay(s.ReadPauseMs, stopSending.Token);
        }
        catch (OperationCanceledException)
        {
            break;
        }
    }
}

async Task PushLogs()
{
    var services = Math.Max(1, s.Services);
    for (var second = 0L; !stopSending.IsCancellationRequested; second++)
    {
        var due = TimeSpan.FromSeconds(second);
        if (clock.Elapsed < due)
        {
            try
            {
                await Task.Delay(due - clock.Elapsed, stopSending.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        var body = new StringBuilder();
        var now = TimeProvider.System.GetUtcNow();
        for (var i = 0; i < s.LogsPerSecond; i++)
        {
            var at = now.AddMilliseconds(-i).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", culture);
            var level = i % 50 == 0 ? "error" : "info";
            body.Append(CultureInfo.InvariantCulture, $"{{\"@timestamp\":\"{at}\",\"service\":{{\"name\":\"svc-{(second + i) % services:D4}\"}},")
                .Append(CultureInfo.InvariantCulture, $"\"log\":{{\"level\":\"{level}\"}},\"message\":\"load line {second}-{i}\"}}\n");
        }
        for (var attempt = 0; attempt < 20 && !stopAll.IsCancellationRequested; attempt++)
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, s.Url + "/api/v1/logs") { Content = new StringContent(body.ToString(), Encoding.UTF8, "application/x-ndjson") };
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", s.Token);
            try
            {
                using var response = await http.SendAsync(message, stopAll.Token);
                stats.LogStatus((int)response.StatusCode);
                if (response.IsSuccessStatusCode)
                {
                    Interlocked.Add(ref stats.LogLinesAcknowledged, s.LogsPerSecond);
                    break;
                }
                if (response.StatusCode != HttpStatusCode.TooManyRequests && (int)response.StatusCode < 500)
                {
                    stats.Error($"logs {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(stopAll.Token)}");
                    break;
                }
            }
            catch (HttpRequestException e)
            {
                stats.Error($"logs connection: {e.Message}");
            }
            catch (OperationCanceledException)
            {
                break;
            }
            await Task.Delay(200 * (attempt + 1));
        }
    }
}

static async Task Timeline(Settings s, LoadStats stats, Stopwatch clock, CancellationToken stop)
{
    await using var writer = new StreamWriter(s.Timeline, append: false);
    await writer.WriteLineAsync("elapsed_s\tsamples_acked\tresponses_2xx\tresponses_429\tresponses_503\tretries\treads\tread_p50_ms\tread_p99_ms");
    using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10));
    try
    {
        while (await timer.WaitForNextTickAsync(stop))
        {
            await writer.WriteLineAsync(stats.TimelineRow(clock.Elapsed));
            await writer.FlushAsync(stop);
        }
    }
    catch (OperationCanceledException)
    {
    }
    await writer.WriteLineAsync(stats.TimelineRow(clock.Elapsed));
}

internal sealed class LoadStats
{
    public long Requests;
    public long SamplesAcknowledged;
    public long Retries;
    public long Rejected;
    public long Abandoned;
    public long LogLinesAcknowledged;
    private readonly ConcurrentDictionary<int, long> _status = new();
    private readonly ConcurrentDictionary<int, long> _logStatus = new();
    private readonly ConcurrentDictionary<string, int> _errors = new();
    private readonly ConcurrentDictionary<int, long> _behind = new();
    private readonly List<double> _reads = [];
    private readonly List<double> _window = [];
    private readonly List<double> _ages = [];
    private long _readErrors;

    public void Status(int code) => _status.AddOrUpdate(code, 1, (_, n) => n + 1);

    public void LogStatus(int code) => _logStatus.AddOrUpdate(code, 1, (_, n) => n + 1);

    public void Error(string text) => _errors.AddOrUpdate(text.Length > 160 ? text[..160] : text, 1, (_, n) => n + 1);

    public void Behind(int shard, long requests) => _behind[shard] = requests;

    public void Read(double ms, int code, double ageSeconds)
    {
        lock (_reads)
        {
            _reads.Add(ms);
            _window.Add(ms);
            if (ageSeconds >= 0)
            {
                _ages.Add(ageSeconds);
            }
        }
        if (code is < 200 or >= 300)
        {
            Interlocked.Increment(ref _readErrors);
        }
    }

    public string TimelineRow(TimeSpan elapsed)
    {
        double[] window;
        lock (_reads)
        {
            window = [.. _window];
            _window.Clear();
        }
        return string.Join('\t', elapsed.TotalSeconds.ToString("F0", CultureInfo.InvariantCulture), Interlocked.Read(ref SamplesAcknowledged),
            Count(_status, c => c is >= 200 and < 300), Count(_status, c => c == 429), Count(_status, c => c == 503), Interlocked.Read(ref Retries),
            window.Length, Percentile(window, 0.5).ToString("F1", CultureInfo.InvariantCulture), Percentile(window, 0.99).ToString("F1", CultureInfo.InvariantCulture));
    }

    public void WriteSummary(Settings s, double sendWall, TimeSpan interval)
    {
        double[] reads;
        double[] ages;
        lock (_reads)
        {
            reads = [.. _reads];
            ages = [.. _ages];
        }
        var offered = (long)(s.Rate * s.Seconds);
        var rows = new (string Key, string Value)[]
        {
            ("offered_samples_per_s", s.Rate.ToString("F0", CultureInfo.InvariantCulture)),
            ("request_interval_per_shard_ms", interval.TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture)),
            ("offered_samples", offered.ToString(CultureInfo.InvariantCulture)),
            ("requests_started", Requests.ToString(CultureInfo.InvariantCulture)),
            ("samples_acknowledged", SamplesAcknowledged.ToString(CultureInfo.InvariantCulture)),
            ("acknowledged_samples_per_s", (SamplesAcknowledged / sendWall).ToString("F0", CultureInfo.InvariantCulture)),
            ("backlog_requests_at_stop", _behind.Values.Sum().ToString(CultureInfo.InvariantCulture)),
            ("responses_2xx", Count(_status, c => c is >= 200 and < 300).ToString(CultureInfo.InvariantCulture)),
            ("responses_429", Count(_status, c => c == 429).ToString(CultureInfo.InvariantCulture)),
            ("responses_503", Count(_status, c => c == 503).ToString(CultureInfo.InvariantCulture)),
            ("responses_other", Count(_status, c => c is not (>= 200 and < 300) and not 429 and not 503).ToString(CultureInfo.InvariantCulture)),
            ("retries", Retries.ToString(CultureInfo.InvariantCulture)),
            ("rejected_4xx", Rejected.ToString(CultureInfo.InvariantCulture)),
            ("abandoned_unacknowledged", Abandoned.ToString(CultureInfo.InvariantCulture)),
            ("log_lines_acknowledged", LogLinesAcknowledged.ToString(CultureInfo.InvariantCulture)),
            ("log_responses", string.Join(' ', _logStatus.OrderBy(p => p.Key).Select(p => $"{p.Key}:{p.Value}"))),
            ("api_reads", reads.Length.ToString(CultureInfo.InvariantCulture)),
            ("api_read_errors", _readErrors.ToString(CultureInfo.InvariantCulture)),
            ("api_p50_ms", Percentile(reads, 0.5).ToString("F1", CultureInfo.InvariantCulture)),
            ("api_p99_ms", Percentile(reads, 0.99).ToString("F1", CultureInfo.InvariantCulture)),
            ("api_max_ms", (reads.Length == 0 ? 0 : reads.Max()).ToString("F1", CultureInfo.InvariantCulture)),
            ("api_age_p50_s", Percentile(ages, 0.5).ToString("F0", CultureInfo.InvariantCulture)),
            ("api_age_p99_s", Percentile(ages, 0.99).ToString("F0", CultureInfo.InvariantCulture)),
            ("api_age_max_s", (ages.Length == 0 ? 0 : ages.Max()).ToString("F0", CultureInfo.InvariantCulture)),
        };
        File.WriteAllLines(s.Summary, rows.Select(r => $"{r.Key}\t{r.Value}"));
        foreach (var (error, n) in _errors)
        {
            Console.Error.WriteLine($"load-bench: {n} x {error}");
        }
    }

    private static long Count(ConcurrentDictionary<int, long> status, Func<int, bool> which) => status.Where(p => which(p.Key)).Sum(p => p.Value);

    private static double Percentile(double[] values, double q)
    {
        if (values.Length == 0)
        {
            return 0;
        }
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
    }
}
