namespace Platform.Insights.Host.Tests;

/// <summary>Looks for any secret, or a long part of one, in output: a token half-printed or wrapped is still a leak.</summary>
public static class SecurityLogScan
{
    public static void AssertNoSecret(string output, IEnumerable<string> secrets)
    {
        Assert.False(string.IsNullOrWhiteSpace(output), "no output to scan: the scan would pass vacuously");
        foreach (var secret in secrets)
        {
            // The distinctive head of the token (16 characters) is enough to count as leaked.
            var head = secret[..Math.Min(16, secret.Length)];
            Assert.False(output.Contains(head, StringComparison.Ordinal), $"output contains (the start of) a token: {head[..4]}…");
        }
    }
}
