namespace Platform.Insights.Demo.Model;

/// <summary>
/// Independent, reproducible <see cref="Random"/> streams: one per concern (and per service, resource or
/// day), so adding a metric or a log kind never shifts the values of another. Concern names are hashed
/// with FNV-1a because string.GetHashCode is randomised per process.
/// </summary>
internal static class RandomStreams
{
    public static Random For(int seed, string concern, int a = 0, int b = 0)
    {
        var key = Mix((ulong)(uint)seed ^ (Fnv1a(concern) << 1));
        key = Mix(key ^ (uint)a);
        key = Mix(key ^ ((ulong)(uint)b << 32));
        return new Random((int)(key & 0x7FFF_FFFF));
    }

    /// <summary>SplitMix64 finaliser: a bijection on 64-bit values, so distinct inputs give distinct outputs.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public static ulong Fnv1a(string text)
    {
        var hash = 0xCBF29CE484222325UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 0x100000001B3UL;
        }
        return hash;
    }

    /// <summary>A zero-mean, roughly normal value in [-1.5, 1.5] (Irwin–Hall): no Math.Exp/Log, so bit-exact on every platform.</summary>
    public static double Noise(this Random random) =>
        random.NextDouble() + random.NextDouble() + random.NextDouble() - 1.5;

    public static double Between(this Random random, double min, double max) =>
        min + ((max - min) * random.NextDouble());

    public static bool Chance(this Random random, double probability) => random.NextDouble() < probability;

    public static string Hex(this Random random, int length)
    {
        const string digits = "0123456789abcdef";
        return string.Create(length, random, static (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = digits[r.Next(16)];
            }
        });
    }
}
