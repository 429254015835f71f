namespace Platform.Insights.Demo.Model;

/// <summary>
/// Deterministic, unique ECS <c>event.id</c>s: the (kind, service, day, sequence) tuple is packed into
/// distinct 64-bit values and passed through a bijective mix, so ids never collide and look random.
/// </summary>
internal static class EventIds
{
    public const int Deployment = 1;
    public const int Incident = 2;
    public const int Build = 3;
    public const int Provisioning = 4;
    public const int Log = 5;

    public static string Create(int seed, int kind, int service, int day, int sequence)
    {
        // kind: 8 bits, service: 12 bits (< 4096), day: 12 bits, sequence: 24 bits.
        var packed = ((ulong)kind << 48) | ((ulong)service << 36) | ((ulong)day << 24) | (uint)sequence;
        var id = RandomStreams.Mix(packed ^ RandomStreams.Mix((ulong)(uint)seed | (1UL << 40)));
        return id.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
    }
}
