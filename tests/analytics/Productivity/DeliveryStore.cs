using System.Text.Json;
using DuckDB.NET.Data;
using Platform.Insights.Analytics.Productivity;
using Platform.Insights.Analytics.Tests.Uptime;
using Platform.Insights.Analytics.Uptime;

namespace Platform.Insights.Analytics.Tests.Productivity;

/// <summary>A real DuckDB store (<see cref="UptimeStore"/>, so probe samples and the catalog too) with delivery events written directly.</summary>
public sealed class DeliveryStore : IDisposable
{
    public DeliveryStore(ProductivityOptions? options = null, UptimeKpiOptions? uptime = null)
    {
        Uptime = new UptimeStore(uptime);
        var o = Microsoft.Extensions.Options.Options.Create(options ?? new ProductivityOptions());
        DataEnd = new DeliveryDataEnd(Uptime.Database, Uptime.Time);
        Dora = new DoraQuery(Uptime.Database, Uptime.Incidents, DataEnd, o);
        Productivity = new ProductivityQuery(Uptime.Database, o);
    }

    public UptimeStore Uptime { get; }
    public DeliveryDataEnd DataEnd { get; }
    public DoraQuery Dora { get; }
    public ProductivityQuery Productivity { get; }

    public Task DeployAsync(string service, string id, DateTime finished, DateTime? firstCommit = null, string environment = "production",
        string outcome = "success", string? pipeline = null)
    {
        var labels = new Dictionary<string, string>();
        if (firstCommit is { } f)
        {
            labels["first_commit_at"] = f.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);
        }
        if (pipeline is not null)
        {
            labels["pipeline"] = pipeline;
        }
        return EventAsync(id, service, finished, "deployment", outcome: outcome, environment: environment, labels: labels);
    }

    public Task BuildAsync(string service, string id, DateTime at, TimeSpan duration, string outcome = "success") =>
        EventAsync(id, service, at, "build", outcome: outcome, duration: duration);

    public Task SetupAsync(string service, string id, DateTime at, TimeSpan duration, bool selfService, string action = "environment-provisioned") =>
        EventAsync(id, service, at, action, outcome: "success", duration: duration,
            labels: new Dictionary<string, string> { ["self_service"] = selfService ? "true" : "false" });

    public Task LogAsync(string service, string id, DateTime at, string level) => EventAsync(id, service, at, null, level: level);

    public Task EventAsync(string id, string service, DateTime ts, string? action, string? outcome = null, string? environment = null,
        string? level = null, TimeSpan? duration = null, IReadOnlyDictionary<string, string>? labels = null, string raw = "{}") =>
        Uptime.Database.WriteAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO log_events (event_id, ts, service, environment, action, outcome, level, duration_ns, labels, raw)
                VALUES ($id, $ts, $service, $environment, $action, $outcome, $level, $duration, $labels, $raw)
                """;
            command.Parameters.Add(new DuckDBParameter("id", id));
            command.Parameters.Add(new DuckDBParameter("ts", DateTime.SpecifyKind(ts, DateTimeKind.Unspecified)));
            command.Parameters.Add(new DuckDBParameter("service", service));
            command.Parameters.Add(new DuckDBParameter("environment", (object?)environment ?? DBNull.Value));
            command.Parameters.Add(new DuckDBParameter("action", (object?)action ?? DBNull.Value));
            command.Parameters.Add(new DuckDBParameter("outcome", (object?)outcome ?? DBNull.Value));
            command.Parameters.Add(new DuckDBParameter("level", (object?)level ?? DBNull.Value));
            command.Parameters.Add(new DuckDBParameter("duration", duration is { } d ? d.Ticks * 100 : DBNull.Value));
            command.Parameters.Add(new DuckDBParameter("labels", labels is { Count: > 0 } ? JsonSerializer.Serialize(labels) : DBNull.Value));
            command.Parameters.Add(new DuckDBParameter("raw", raw));
            command.ExecuteNonQuery();
        }, CancellationToken.None);

    public void Dispose() => Uptime.Dispose();
}
