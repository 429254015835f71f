namespace Platform.Insights.Demo.Tests;

public sealed class OptionsTests
{
    public static TheoryData<DemoOrganisationOptions, string> InvalidOptions() => new()
    {
        { new DemoOrganisationOptions { Teams = 0 }, nameof(DemoOrganisationOptions.Teams) },
        { new DemoOrganisationOptions { Teams = 51, Services = 100 }, nameof(DemoOrganisationOptions.Teams) },
        { new DemoOrganisationOptions { Teams = 6, Services = 5 }, nameof(DemoOrganisationOptions.Services) },
        { new DemoOrganisationOptions { Services = 2001 }, nameof(DemoOrganisationOptions.Services) },
        { new DemoOrganisationOptions { Days = 0 }, nameof(DemoOrganisationOptions.Days) },
        { new DemoOrganisationOptions { Days = 401 }, nameof(DemoOrganisationOptions.Days) },
        { new DemoOrganisationOptions { EndDate = new DateOnly(1970, 6, 1) }, nameof(DemoOrganisationOptions.EndDate) },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public async Task Invalid_options_are_rejected_before_anything_is_written(DemoOrganisationOptions options, string parameter)
    {
        using var directory = new TempDirectory();

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => DemoGenerator.WriteAsync(options, directory.Path));

        Assert.Equal(parameter, error.ParamName);
        Assert.Empty(Directory.EnumerateFileSystemEntries(directory.Path));
    }

    [Fact]
    public void Defaults_describe_the_documented_organisation()
    {
        var options = new DemoOrganisationOptions();
        options.Validate();
        Assert.Equal((6, 40, 30, 42), (options.Teams, options.Services, options.Days, options.Seed));
        Assert.Equal(options.EndDate.AddDays(-30), options.StartDate);
    }

    [Fact]
    public async Task Cancellation_stops_the_generator()
    {
        using var directory = new TempDirectory();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            DemoGenerator.WriteAsync(new DemoOrganisationOptions { Days = 5 }, directory.Path, null, cancelled.Token));
    }
}
