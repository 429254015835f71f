using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Platform.Insights.Host.Runtime;

/// <summary>Reads <c>Insights:Mode</c>, failing start-up with the key's name on anything but Embedded or Cluster.</summary>
public static class InsightsModeReader
{
    public const string Key = "Insights:Mode";

    public static InsightsMode Read(IConfiguration configuration)
    {
        var value = configuration[Key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return InsightsMode.Embedded;
        }
        if (Enum.TryParse<InsightsMode>(value, ignoreCase: true, out var mode) && Enum.IsDefined(mode))
        {
            return mode;
        }
        throw new OptionsValidationException(Key, typeof(InsightsMode), [$"{Key} must be Embedded or Cluster (was '{value}')"]);
    }
}
