using System.Net;
using System.Text.Json;
using Platform.Insights.Host.Tests.Support;

namespace Platform.Insights.Host.Tests;

/// <summary>A service grain's state survives a SIGTERM and a fresh <c>insights serve</c> on the same data directory.</summary>
public sealed class RestartTests : IDisposable
{
    private readonly TempDir _work = new("restart");

    public void Dispose() => _work.Dispose();

    [Fact]
    public async Task Service_state_survives_a_restart()
    {
        var demo = await SharedDemo.GetAsync();
        var data = _work.Sub("data");
        demo.CopyDataTo(data);
        var service = demo.Manifest.Services[0].Name;

        JsonElement before;
        await using (var first = await ServerProcess.StartAsync(_work.Path, data))
        {
            before = await StatusAsync(first, service);
            var code = await first.StopAsync();
            Assert.True(code == 0, $"exit {code} on SIGTERM: {first}");
        }
        JsonElement after;
        await using (var second = await ServerProcess.StartAsync(_work.Path, data))
        {
            after = await StatusAsync(second, service);
            var code = await second.StopAsync();
            Assert.True(code == 0, $"exit {code} on SIGTERM: {second}");
        }

        Assert.Equal(service, before.GetProperty("service").GetString());
        Assert.True(before.GetProperty("samplesStored").GetInt64() > 0, before.ToString());
        Assert.Equal(JsonValueKind.Object, before.GetProperty("lastDeployment").ValueKind);
        foreach (var property in new[] { "samplesStored", "eventsStored", "seriesCount", "lastDeployment", "lastSampleAt", "up" })
        {
            Assert.Equal(before.GetProperty(property).GetRawText(), after.GetProperty(property).GetRawText());
        }
    }

    private static async Task<JsonElement> StatusAsync(ServerProcess server, string service)
    {
        using var response = await server.GetAsync($"/api/v1/services/{service}", server.LocalToken);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {body}\n{server}");
        using var json = JsonDocument.Parse(body);
        return json.RootElement.Clone();
    }
}
