using System.Net;
using System.Text.Json;

namespace Platform.Insights.Host.Tests.Support;

/// <summary>What <c>GET /api/v1/cluster</c> answers: the silo that answered and every silo with its grain counts.</summary>
public sealed record ClusterView(string Self, IReadOnlyList<SiloView> Silos)
{
    /// <summary>Reads a 200 answer of <c>/api/v1/cluster</c>; any other status fails the test with the body.</summary>
    public static async Task<ClusterView> ReadAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        using var json = JsonDocument.Parse(text);
        var root = json.RootElement;
        return new ClusterView(root.GetProperty("self").GetString()!, [.. root.GetProperty("silos").EnumerateArray().Select(s => new SiloView(
            s.GetProperty("address").GetString()!,
            s.GetProperty("status").GetString()!,
            s.GetProperty("grains").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32())))]);
    }
}
