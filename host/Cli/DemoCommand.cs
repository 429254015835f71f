using System.CommandLine;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Demo;
using Platform.Insights.Host.Runtime;

namespace Platform.Insights.Host.Cli;

/// <summary>
/// <c>insights demo</c>: the main job on embedded defaults. Generates a realistic organisation in standard
/// formats under <c>out/demo-input/</c>, ingests it through the same import paths a user would use, and
/// prints what was stored, per kind and per team.
/// </summary>
public static class DemoCommand
{
    public const string DefaultDataDirectory = "out/demo-data";
    public const string DefaultInputDirectory = "out/demo-input";

    public static Command Create()
    {
        var teams = new Option<int>("--teams") { Description = "Teams in the organisation.", DefaultValueFactory = _ => 6 };
        var services = new Option<int>("--services") { Description = "Services in the organisation.", DefaultValueFactory = _ => 40 };
        var days = new Option<int>("--days") { Description = "Days of history, ending today (UTC).", DefaultValueFactory = _ => 30 };
        var seed = new Option<int>("--seed") { Description = "Random seed: the same seed and end date give the same files.", DefaultValueFactory = _ => 42 };
        var end = new Option<DateOnly?>("--end") { Description = "Exclusive end date of the history (default: today, UTC)." };
        var output = new Option<string>("--out") { Description = "Where the generated input files go.", DefaultValueFactory = _ => DefaultInputDirectory };
        var serve = new Option<bool>("--serve") { Description = "Keep the server running afterwards." };
        var command = new Command("demo", $"Generate a realistic organisation, ingest it, and summarise what was stored (data in {DefaultDataDirectory} unless --data).")
        {
            teams, services, days, seed, end, output, serve, ServeCommand.Urls,
        };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            var options = new DemoOrganisationOptions
            {
                Teams = parse.GetValue(teams),
                Services = parse.GetValue(services),
                Days = parse.GetValue(days),
                Seed = parse.GetValue(seed),
                EndDate = parse.GetValue(end) ?? DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime),
            };
            try
            {
                options.Validate();
            }
            catch (ArgumentException e)
            {
                throw new UsageException(e.Message, e);
            }

            var data = parse.GetValue(GlobalOptions.Data) ?? DefaultDataDirectory;
            PrepareDataDirectory(data, explicitlyGiven: parse.GetValue(GlobalOptions.Data) is not null);
            var input = parse.GetValue(output)!;
            var settings = GlobalOptions.Settings(parse, "demo", dataOverride: data);
            var run = new DemoRun(options, input, data);
            if (parse.GetValue(serve))
            {
                return await ServeCommand.RunAsync(settings.Overrides, parse.GetValue(ServeCommand.Urls),
                    services => run.RunAsync(services, cancellationToken), cancellationToken);
            }
            await using var runtime = await EmbeddedRuntime.StartAsync(settings, cancellationToken);
            return await run.RunAsync(runtime.Services, cancellationToken);
        }));
        return command;
    }

    /// <summary>The demo's own data directory starts empty each run; a directory the user named is never wiped.</summary>
    private static void PrepareDataDirectory(string data, bool explicitlyGiven)
    {
        if (DataDirectoryLock.IsHeld(data))
        {
            throw new DataDirectoryHeldException(data, DataDirectoryLock.ReadOwner(data));
        }
        if (!explicitlyGiven && Directory.Exists(data))
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
