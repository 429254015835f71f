using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Platform.Insights.Ingest;

/// <summary>
/// The one way every project binds options: from its configuration section, validated by data annotations
/// (and <see cref="System.ComponentModel.DataAnnotations.IValidatableObject"/>) at start-up, so bad config
/// fails before anything runs, naming the key.
/// </summary>
public static class ValidatedOptionsExtensions
{
    public static OptionsBuilder<T> AddValidatedOptions<T>(this IServiceCollection services, IConfiguration configuration, string section)
        where T : class
    {
        var builder = services.AddOptions<T>()
            .Bind(configuration.GetSection(section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return builder;
    }
}
