using System.Buffers.Binary;
using System.Text;
using Snappier;

namespace Platform.Insights.Ingest.Tests.Parsers.RemoteWrite;

/// <summary>
/// The test's own protobuf encoder of <c>prometheus.WriteRequest</c> (written from remote.proto / types.proto, not from
/// the decoder), plus snappy block compression: what a Prometheus sender puts in a remote write body.
/// </summary>
public static class WriteRequestEncoder
{
    public static byte[] Compressed(IEnumerable<RemoteSeries> series) => Snappy.CompressToArray(Encode(series));

    public static byte[] Encode(IEnumerable<RemoteSeries> series, bool withMetadata = false)
    {
        var request = new List<byte>();
        foreach (var s in series)
        {
            var body = new List<byte>();
            foreach (var (name, value) in s.Labels)
            {
                var label = new List<byte>();
                String(label, 1, name);
                String(label, 2, value);
                Message(body, 1, label);
            }
            foreach (var (timestamp, value) in s.Samples)
            {
                var sample = new List<byte>();
                Tag(sample, 1, 1);
                var bits = new byte[8];
                BinaryPrimitives.WriteDoubleLittleEndian(bits, value);
                sample.AddRange(bits);
                Tag(sample, 2, 0);
                Varint(sample, unchecked((ulong)timestamp));
                Message(body, 2, sample);
            }
            if (withMetadata)
            {
                // TimeSeries.exemplars (3): unknown to a 1.0 receiver, must be skipped.
                Message(body, 3, [0x08, 0x01]);
            }
            Message(request, 1, body);
        }
        if (withMetadata)
        {
            // WriteRequest.metadata (3): MetricMetadata { type = COUNTER (1), metric_family_name = "x" (2) }.
            Message(request, 3, [0x08, 0x01, 0x12, 0x01, (byte)'x']);
        }
        return [.. request];
    }

    private static void String(List<byte> target, int field, string value)
    {
        if (value.Length == 0)
        {
            return;
        }
        Bytes(target, field, Encoding.UTF8.GetBytes(value));
    }

    public static void Bytes(List<byte> target, int field, byte[] value)
    {
        Tag(target, field, 2);
        Varint(target, (ulong)value.Length);
        target.AddRange(value);
    }

    private static void Message(List<byte> target, int field, List<byte> message) => Bytes(target, field, [.. message]);

    private static void Tag(List<byte> target, int field, int wireType) => Varint(target, (ulong)((field << 3) | wireType));

    private static void Varint(List<byte> target, ulong value)
    {
        while (value >= 0x80)
        {
            target.Add((byte)(value | 0x80));
            value >>= 7;
        }
        target.Add((byte)value);
    }
}
