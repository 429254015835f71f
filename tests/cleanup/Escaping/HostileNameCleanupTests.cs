using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Platform.Insights.Cleanup.Execution;
using Platform.Insights.Cleanup.Providers;

namespace Platform.Insights.Cleanup.Tests.Escaping;

/// <summary>
/// Service, team and resource names a cloud account or a catalog can hold, through the real cleanup providers: each
/// reaches a command as one inert argument (or is refused before anything runs) and a webhook executor as the exact
/// JSON string it was.
/// </summary>
public sealed class HostileNameCleanupTests
{
    public static TheoryData<string> InertNames() =>
    [
        "web \"quoted\" 'single'",
        "<script>alert(1)</script>",
        "a; rm -rf / #",
        "$(touch /tmp/x) `id` ${HOME} | cat && echo",
        "pаyments", // Cyrillic а: a different name, passed as it is
        "ｐａｙｍｅｎｔｓ",
        "=cmd|' /C calc'!A0",
        "%0d%0aX-Injected: 1",
    ];

    [Theory]
    [MemberData(nameof(InertNames))]
    public async Task A_hostile_name_reaches_the_command_verbatim_as_one_argument(string name)
    {
        var provider = Provider(new() { ["Stop"] = ["printf", "[%s][%s][%s]", "{team}", "{name}", "--label={environment}"] });

        var result = await provider.ExecuteAsync(Step($"shop/{name}", team: name, environment: name), CancellationToken.None);

        Assert.True(result.Succeeded, result.Detail);
        Assert.Equal($"[{name}][{$"shop/{name}".Split('/')[^1]}][--label={name}]", result.Detail);
    }

    [Theory]
    [InlineData("web\nstop-everything", "control")]
    [InlineData("web\r\nX: 1", "control")]
    [InlineData("web\0", "control")]
    [InlineData("pay\u202Estnemy", "invisible format")]
    [InlineData("web\u200B", "invisible format")]
    [InlineData("..", "path traversal")]
    [InlineData("../../etc/passwd", "path traversal")]
    [InlineData("-rf", "option injection")]
    public async Task A_name_that_could_change_the_command_or_its_audit_text_is_refused_and_nothing_runs(string name, string why)
    {
        var marker = Path.Combine(Path.GetTempPath(), "insights-cleanup-escaping-" + Guid.NewGuid().ToString("N"));
        var provider = Provider(new() { ["Delete"] = ["touch", marker, "{team}"] });

        var result = await provider.ExecuteAsync(Step("shop/x", CleanupAction.Delete, team: name), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Contains(why, result.Detail, StringComparison.Ordinal);
        Assert.False(File.Exists(marker));
    }

    [Theory]
    [MemberData(nameof(InertNames))]
    [InlineData("pay\u202Estnemy\n../x\u0000")]
    public async Task The_webhook_executor_receives_the_exact_names_as_json_strings(string name)
    {
        var executor = new Recorder();
        var provider = new WebhookActionProvider(Options.Create(new CleanupOptions
        {
            Provider = "webhook",
            Webhook = new WebhookProviderOptions { Url = "http://executor.invalid/steps", Token = "t", Retries = 0, RetryDelay = TimeSpan.Zero },
        }), TimeProvider.System, executor);

        var result = await provider.ExecuteAsync(Step($"shop/{name}", team: name, environment: name), CancellationToken.None);

        Assert.True(result.Succeeded, result.Detail);
        using var body = JsonDocument.Parse(Assert.Single(executor.Bodies));
        Assert.Equal($"shop/{name}", body.RootElement.GetProperty("resourceId").GetString());
        Assert.Equal(name, body.RootElement.GetProperty("team").GetString());
        Assert.Equal(name, body.RootElement.GetProperty("environment").GetString());
    }

    private static CleanupStep Step(string resource, CleanupAction action = CleanupAction.Stop, string team = "payments", string environment = "dev") =>
        new("stp_1", "pln/idl/" + action, "pln_1", "idl_1", resource, "vm", team, environment, "shop", action, null, "test");

    private static CommandActionProvider Provider(Dictionary<string, string[]> templates) =>
        new(Options.Create(new CleanupOptions { Provider = "command", Command = new CommandProviderOptions { Templates = new(templates, StringComparer.OrdinalIgnoreCase) } }));

    private sealed class Recorder : HttpMessageHandler
    {
        public List<string> Bodies { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Bodies.Add(await request.Content!.ReadAsStringAsync(cancellationToken));
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{}") };
        }
    }
}
