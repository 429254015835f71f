using System.Buffers;
using System.Globalization;
using System.Text;

namespace Platform.Insights.Demo.Writing;

/// <summary>
/// A growable UTF-8 byte buffer with allocation-free number formatting, so millions of sample lines cost
/// no per-sample strings. <see cref="OutputFile"/> drains it to disk in chunks; it is also the
/// <see cref="IBufferWriter{T}"/> a Utf8JsonWriter writes NDJSON lines into.
/// </summary>
internal sealed class LineBuffer : IBufferWriter<byte>
{
    private static readonly long[] Powers = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000];

    private byte[] _buffer = new byte[1 << 18];

    public int Length { get; private set; }

    public long Lines { get; private set; }

    public ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, Length);

    public void Clear() => Length = 0;

    public void Append(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(GetSpan(bytes.Length));
        Length += bytes.Length;
    }

    public void Append(string text)
    {
        var span = GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        Length += Encoding.UTF8.GetBytes(text, span);
    }

    public void Append(byte value)
    {
        GetSpan(1)[0] = value;
        Length++;
    }

    public void Append(long value)
    {
        value.TryFormat(GetSpan(20), out var written, default, CultureInfo.InvariantCulture);
        Length += written;
    }

    /// <summary>Writes a fixed-point decimal rendering of <paramref name="value"/>, trailing zeros trimmed (0.25, 1, 0.0031).</summary>
    public void AppendFixed(double value, int decimals)
    {
        var scale = Powers[decimals];
        var scaled = (long)Math.Round(value * scale, MidpointRounding.AwayFromZero);
        if (scaled < 0)
        {
            Append((byte)'-');
            scaled = -scaled;
        }
        Append(scaled / scale);
        var fraction = scaled % scale;
        if (fraction == 0)
        {
            return;
        }
        var digits = decimals;
        while (fraction % 10 == 0)
        {
            fraction /= 10;
            digits--;
        }
        var span = GetSpan(digits + 1);
        span[0] = (byte)'.';
        for (var i = digits; i >= 1; i--)
        {
            span[i] = (byte)('0' + (fraction % 10));
            fraction /= 10;
        }
        Length += digits + 1;
    }

    public void Append(decimal value, string format)
    {
        value.TryFormat(GetSpan(64), out var written, format, CultureInfo.InvariantCulture);
        Length += written;
    }

    public void EndLine()
    {
        Append((byte)'\n');
        Lines++;
    }

    public void Advance(int count) => Length += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(Math.Max(sizeHint, 256));
        return _buffer.AsMemory(Length);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(Math.Max(sizeHint, 1));
        return _buffer.AsSpan(Length);
    }

    private void Ensure(int size)
    {
        if (Length + size > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + size));
        }
    }
}
