namespace Platform.Insights.Bench;

/// <summary>The organisation the generated files describe: 50 services in 10 domains, two environments.</summary>
internal static class Names
{
    private static readonly string[] Domains =
        ["checkout", "payment", "search", "identity", "catalog", "cart", "shipping", "pricing", "inventory", "notification"];

    private static readonly string[] Roles = ["api", "worker", "gateway", "service", "bff"];

    public static readonly string[] Services = [.. Domains.SelectMany(d => Roles.Select(r => $"{d}-{r}"))];

    public static readonly string[] Environments = ["production", "staging"];

    public static readonly string[] Teams = ["payments", "search", "identity", "commerce", "logistics"];

    public static string TeamOf(int service) => Teams[service / 10 % Teams.Length];

    /// <summary>SplitMix64: a bijection, so distinct inputs give distinct ids.</summary>
    public static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
