using System.Text;

namespace Platform.Insights.Ingest.Tests.Fuzz;

/// <summary>
/// Byte-level mutations in the style of AFL's havoc stage: bit flips, interesting bytes and numbers, deleted,
/// duplicated and spliced ranges, and the target's own tokens (delimiters, keywords, hostile fragments).
/// Deterministic for a given <see cref="Random"/>.
/// </summary>
public sealed class Mutator(Random random, IReadOnlyList<byte[]> tokens)
{
    private static readonly byte[] InterestingBytes = [0x00, 0x01, 0x7f, 0x80, 0xff, 0xfe, 0xc0, 0xed, (byte)'\n', (byte)'\r', (byte)'"', (byte)',', (byte)'{', (byte)'}', (byte)'[', (byte)':', (byte)'\\', (byte)' ', (byte)'#', (byte)'&', (byte)'*'];

    private static readonly byte[][] CommonTokens =
    [
        .. new[]
        {
            "0", "-1", "1e309", "-1e309", "NaN", "+Inf", "-0", "1.7976931348623157e308", "9223372036854775808", "-9223372036854775809",
            "18446744073709551616", "99999999999999999999999999999999999999", "0.0000000000000000000000000001", "1e-400",
            "\u202e", "\u200b", "\uFEFF", "\0", "\r\n", "\"\"", "'", "\\u0000", "\\ud800", "=cmd|' /C calc'!A0", "../../etc/passwd",
            "<script>", "${x}", "$(id)", "`id`", "; rm -rf /", "2024-02-30T25:61:61Z", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z",
        }.Select(Encoding.UTF8.GetBytes),
        [0xff, 0xfe, 0xfd], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80],
        [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01], [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01],
        [0xff, 0xff, 0xff, 0xff, 0x0f], [0xff, 0xff, 0xff, 0xff, 0x07],
    ];

    public byte[] Mutate(byte[] input, IReadOnlyList<byte[]> corpus)
    {
        var data = new List<byte>(input);
        var rounds = 1 << random.Next(0, 4);
        for (var i = 0; i < rounds; i++)
        {
            MutateOnce(data, corpus);
        }
        if (data.Count > FuzzLimits.MaxInputBytes)
        {
            data.RemoveRange(FuzzLimits.MaxInputBytes, data.Count - FuzzLimits.MaxInputBytes);
        }
        return [.. data];
    }

    private void MutateOnce(List<byte> data, IReadOnlyList<byte[]> corpus)
    {
        var choice = random.Next(0, 10);
        if (data.Count == 0 && choice < 6)
        {
            choice = 6;
        }
        switch (choice)
        {
            case 0:
                var bit = random.Next(0, data.Count * 8);
                data[bit / 8] ^= (byte)(1 << (bit % 8));
                break;
            case 1:
                data[random.Next(0, data.Count)] = InterestingBytes[random.Next(0, InterestingBytes.Length)];
                break;
            case 2:
                data[random.Next(0, data.Count)] = (byte)random.Next(0, 256);
                break;
            case 3:
                {
                    var at = random.Next(0, data.Count);
                    data.RemoveRange(at, Math.Min(data.Count - at, RangeLength()));
                    break;
                }
            case 4:
                {
                    var at = random.Next(0, data.Count);
                    var length = Math.Min(data.Count - at, RangeLength());
                    var copy = data.GetRange(at, length);
                    var repeat = random.Next(0, 4) == 0 ? random.Next(2, 64) : 1;
                    for (var r = 0; r < repeat && data.Count < FuzzLimits.MaxInputBytes; r++)
                    {
                        data.InsertRange(random.Next(0, data.Count + 1), copy);
                    }
                    break;
                }
            case 5:
                {
                    var cut = random.Next(0, data.Count);
                    data.RemoveRange(cut, data.Count - cut);
                    break;
                }
            case 6:
            case 7:
                {
                    var token = random.Next(0, 2) == 0 && tokens.Count > 0 ? tokens[random.Next(0, tokens.Count)] : CommonTokens[random.Next(0, CommonTokens.Length)];
                    var at = random.Next(0, data.Count + 1);
                    if (random.Next(0, 2) == 0 && at < data.Count)
                    {
                        data.RemoveRange(at, Math.Min(token.Length, data.Count - at));
                    }
                    data.InsertRange(at, token);
                    break;
                }
            case 8:
                {
                    if (corpus.Count == 0)
                    {
                        break;
                    }
                    var other = corpus[random.Next(0, corpus.Count)];
                    if (other.Length == 0)
                    {
                        break;
                    }
                    var from = random.Next(0, other.Length);
                    var length = Math.Min(other.Length - from, RangeLength());
                    data.InsertRange(random.Next(0, data.Count + 1), other.AsSpan(from, length).ToArray());
                    break;
                }
            default:
                ReplaceNumber(data);
                break;
        }
    }

    // Replaces a run of ASCII digits with an extreme number, where numbers are parsed most.
    private void ReplaceNumber(List<byte> data)
    {
        if (data.Count == 0)
        {
            return;
        }
        var at = random.Next(0, data.Count);
        var first = data.FindIndex(at, b => b is >= (byte)'0' and <= (byte)'9');
        if (first < 0)
        {
            return;
        }
        var last = first;
        while (last + 1 < data.Count && data[last + 1] is >= (byte)'0' and <= (byte)'9' or (byte)'.')
        {
            last++;
        }
        var numbers = new[] { "0", "-0", "9223372036854775807", "-9223372036854775808", "1e308", "1e-324", "340282366920938463463374607431768211457", "4294967296", "-1", "0x7fffffff", "1_000" };
        data.RemoveRange(first, last - first + 1);
        data.InsertRange(first, Encoding.ASCII.GetBytes(numbers[random.Next(0, numbers.Length)]));
    }

    private int RangeLength() => random.Next(0, 4) == 0 ? random.Next(1, 2048) : random.Next(1, 32);
}
