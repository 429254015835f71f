using System.Globalization;

namespace Platform.Insights.Bench;

/// <summary>
/// ECS NDJSON in nested form, one event per line over one day, each with a unique <c>event.id</c>:
/// 70 % HTTP access events (http, url, trace, event.duration), 25 % application logs (a third of them
/// errors with <c>error.type</c> / <c>error.message</c>), 4 % CI job events with <c>labels</c>, 1 % deployments
/// with <c>event.start</c> / <c>event.end</c> and commit labels.
/// </summary>
internal static class LogsGenerator
{
    private const long StartMs = 1_793_491_200_000; // 2026-11-01T00:00:00Z
    private static readonly string[] Paths = ["/api/v1/orders", "/api/v1/orders/{id}", "/api/v1/cart", "/api/v1/search", "/healthz", "/api/v1/users/{id}", "/api/v1/prices"];
    private static readonly string[] Warnings = ["Slow query took {0} ms", "Retrying call to upstream after {0} ms", "GC pause of {0} ms", "Cache miss ratio above threshold: {0}%"];
    private static readonly string[] Errors = ["TimeoutException", "BrokerUnavailableException", "SqlException", "HttpRequestException"];

    public static long Write(TextWriter writer, long count)
    {
        var random = new Random(7);
        var spanMs = 86_400_000.0 / count;
        for (long i = 0; i < count; i++)
        {
            var at = DateTimeOffset.FromUnixTimeMilliseconds(StartMs + (long)(i * spanMs));
            var timestamp = at.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            var id = Names.Mix((ulong)i ^ 0x5EED).ToString("x16", CultureInfo.InvariantCulture);
            var s = random.Next(Names.Services.Length);
            var service = Names.Services[s];
            var env = Names.Environments[random.Next(10) < 8 ? 0 : 1];
            var version = $"{1 + s % 4}.{s * 7 % 60}.{s % 3}";
            var host = $"ip-10-{s}-{random.Next(4)}-{random.Next(2, 250)}";
            var serviceJson = $"\"service\":{{\"name\":\"{service}\",\"environment\":\"{env}\",\"version\":\"{version}\"}},\"host\":{{\"name\":\"{host}\"}}";
            var kind = random.Next(100);
            string line;
            if (kind < 70)
            {
                var status = random.Next(1000) switch { < 930 => 200, < 970 => 404, < 990 => 500, _ => 503 };
                var method = random.Next(4) == 0 ? "POST" : "GET";
                var path = Paths[random.Next(Paths.Length)].Replace("{id}", random.Next(1, 100_000).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
                var durationNs = (long)(random.Next(1, 800) * 1_000_000L + random.Next(1_000_000));
                var trace = Names.Mix((ulong)i * 31 + 1).ToString("x16", CultureInfo.InvariantCulture) + Names.Mix((ulong)i * 31 + 2).ToString("x16", CultureInfo.InvariantCulture);
                line = $"{{\"@timestamp\":\"{timestamp}\",\"event\":{{\"id\":\"{id}\",\"kind\":\"event\",\"category\":[\"web\"],\"type\":[\"access\"],\"action\":\"http-request\",\"outcome\":\"{(status >= 500 ? "failure" : "success")}\",\"dataset\":\"{service}.access\",\"duration\":{durationNs}}},\"log\":{{\"level\":\"info\",\"logger\":\"access\"}},{serviceJson},\"trace\":{{\"id\":\"{trace}\"}},\"http\":{{\"request\":{{\"method\":\"{method}\"}},\"response\":{{\"status_code\":{status}}}}},\"url\":{{\"path\":\"{path}\"}},\"message\":\"{method} {path} {status} {durationNs / 1_000_000} ms\"}}";
            }
            else if (kind < 95)
            {
                var error = random.Next(3) == 0;
                var level = error ? "error" : random.Next(2) == 0 ? "warn" : "info";
                var text = string.Format(CultureInfo.InvariantCulture, Warnings[random.Next(Warnings.Length)], random.Next(10, 5000));
                var errorJson = error ? $",\"error\":{{\"type\":\"{Errors[random.Next(Errors.Length)]}\",\"message\":\"{text}\"}}" : "";
                line = $"{{\"@timestamp\":\"{timestamp}\",\"event\":{{\"id\":\"{id}\",\"kind\":\"event\",\"dataset\":\"{service}.app\"}},\"log\":{{\"level\":\"{level}\",\"logger\":\"{service}.core\"}},{serviceJson}{errorJson},\"message\":\"{text}\"}}";
            }
            else if (kind < 99)
            {
                var ok = random.Next(10) > 0;
                var durationNs = random.Next(30, 900) * 1_000_000_000L;
                line = $"{{\"@timestamp\":\"{timestamp}\",\"event\":{{\"id\":\"{id}\",\"kind\":\"event\",\"category\":[\"process\"],\"type\":[\"end\"],\"action\":\"ci-build\",\"outcome\":\"{(ok ? "success" : "failure")}\",\"dataset\":\"ci.jobs\",\"duration\":{durationNs}}},\"log\":{{\"level\":\"{(ok ? "info" : "error")}\"}},{serviceJson},\"labels\":{{\"pipeline\":\"{service}-build\",\"run_id\":\"{i}\",\"team\":\"{Names.TeamOf(s)}\"}},\"message\":\"build of {service} {(ok ? "succeeded" : "failed")}\"}}";
            }
            else
            {
                var started = at.AddSeconds(-random.Next(60, 600));
                var commit = Names.Mix((ulong)i * 17 + 3).ToString("x16", CultureInfo.InvariantCulture);
                var committed = started.AddHours(-random.Next(1, 72)).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
                line = $"{{\"@timestamp\":\"{timestamp}\",\"event\":{{\"id\":\"{id}\",\"kind\":\"event\",\"category\":[\"configuration\"],\"type\":[\"change\"],\"action\":\"deployment\",\"outcome\":\"success\",\"dataset\":\"deploy.events\",\"start\":\"{started.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)}\",\"end\":\"{timestamp}\"}},\"log\":{{\"level\":\"info\"}},{serviceJson},\"labels\":{{\"commit_sha\":\"{commit}\",\"commit_time\":\"{committed}\",\"team\":\"{Names.TeamOf(s)}\"}},\"message\":\"deployed {service} {version}\"}}";
            }
            writer.WriteLine(line);
        }
        return count;
    }
}
