using Xunit.Sdk;

namespace Platform.Insights.Reports.Tests.Support;

/// <summary>
/// A fact that exists only when <c>INSIGHTS_TEST_SMTP_HOST</c> names a real SMTP server: without it the test is not
/// discovered at all (never a skipped or empty pass), since no SMTP server can be installed where CI runs.
/// </summary>
[XunitTestCaseDiscoverer("Platform.Insights.Reports.Tests.Support.LiveSmtpDiscoverer", "Platform.Insights.Reports.Tests")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class LiveSmtpFactAttribute : FactAttribute
{
    public const string HostVariable = "INSIGHTS_TEST_SMTP_HOST";

    public static string? Host => Variable(HostVariable);

    public static string? Variable(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
