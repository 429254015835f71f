using System.Text;

namespace Platform.Insights.Bench.Load;

/// <summary>
/// Just enough protobuf for a remote write 1.0 <c>WriteRequest</c>: shard s owns series s·SERIES … (s+1)·SERIES−1
/// (<c>probe_success</c>, labels sorted); request k carries samples k·SAMPLES … of each at START + i·STEP, so every
/// series is in time order within its shard, as Prometheus's shards send.
/// </summary>
internal static class Protobuf
{
    public static byte[][] LabelBlocks(int shard, int series, int services)
    {
        var blocks = new byte[series][];
        for (var i = 0; i < series; i++)
        {
            var id = (shard * series) + i;
            var labels = new List<byte>();
            Label(labels, "__name__", "probe_success");
            Label(labels, "instance", $"host-{id}:9100");
            Label(labels, "job", "load");
            Label(labels, "service", $"svc-{id % services:D4}");
            blocks[i] = [.. labels];
        }
        return blocks;
    }

    public static byte[] WriteRequest(byte[][] labelBlocks, long request, int samples, long startMs, long stepMs)
    {
        var body = new List<byte>(labelBlocks.Length * ((samples * 14) + 80));
        var series = new List<byte>(samples * 14 + 80);
        var sample = new List<byte>(16);
        for (var i = 0; i < labelBlocks.Length; i++)
        {
            series.Clear();
            series.AddRange(labelBlocks[i]);
            for (var j = 0; j < samples; j++)
            {
                var index = (request * samples) + j;
                sample.Clear();
                Tag(sample, 1, 1);
                var bits = BitConverter.DoubleToInt64Bits((index + i) % 97 == 0 ? 0.0 : 1.0);
                for (var b = 0; b < 8; b++)
                {
                    sample.Add((byte)(bits >> (8 * b)));
                }
                Tag(sample, 2, 0);
                Varint(sample, (ulong)(startMs + (index * stepMs)));
                Bytes(series, 2, sample);
            }
            Bytes(body, 1, series);
        }
        return [.. body];
    }

    private static void Label(List<byte> into, string name, string value)
    {
        var label = new List<byte>();
        Bytes(label, 1, Encoding.UTF8.GetBytes(name));
        Bytes(label, 2, Encoding.UTF8.GetBytes(value));
        Bytes(into, 1, label);
    }

    private static void Bytes(List<byte> into, int field, IReadOnlyCollection<byte> bytes)
    {
        Tag(into, field, 2);
        Varint(into, (ulong)bytes.Count);
        into.AddRange(bytes);
    }

    private static void Tag(List<byte> into, int field, int wire) => Varint(into, (ulong)((field << 3) | wire));

    private static void Varint(List<byte> into, ulong value)
    {
        while (value >= 0x80)
        {
            into.Add((byte)(value | 0x80));
            value >>= 7;
        }
        into.Add((byte)value);
    }
}
