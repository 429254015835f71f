using System.IO.Compression;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Platform.Insights.Ingest.Parsers.Gzip;

namespace Platform.Insights.Ingest.Tests.Parsers.Gzip;

/// <summary>
/// Any list of byte arrays (empty ones included), compressed member by member with any header fields, decodes to their
/// concatenation whatever the read sizes; any cut that is not at a member boundary, any changed trailer byte, and
/// any bytes after the last member are an error — never a short success.
/// </summary>
public sealed class GzipMemberStreamProperties
{
    [Property(MaxTest = 60)]
    public Property Members_decode_to_the_concatenation_of_what_was_compressed() =>
        Prop.ForAll(Arb.From(Case()), c =>
        {
            var expected = c.Parts.SelectMany(p => p).ToArray();
            return Decode(c.Gzip, c.Trickle, c.ReadSize, async: false).AsSpan().SequenceEqual(expected)
                && Decode(c.Gzip, c.Trickle, c.ReadSize, async: true).AsSpan().SequenceEqual(expected);
        });

    [Property(MaxTest = 60)]
    public Property A_cut_inside_a_member_is_an_error_and_a_cut_between_members_reads_the_members_before_it() =>
        Prop.ForAll(Arb.From(Case().SelectMany(c => Gen.Choose(0, c.Gzip.Length - 1).Select(cut => (c, cut)))), x =>
        {
            var (c, cut) = x;
            var boundaries = Boundaries(c.Gzip.Length == 0 ? [] : c.Members);
            var whole = boundaries.IndexOf(cut);
            var result = Try(c.Gzip[..cut], c.Trickle, c.ReadSize);
            return whole > 0
                ? result is byte[] read && read.AsSpan().SequenceEqual(c.Parts.Take(whole).SelectMany(p => p).ToArray())
                : result is InvalidDataException;
        });

    [Property(MaxTest = 60)]
    public Property A_changed_trailer_byte_is_an_error() =>
        Prop.ForAll(Arb.From(Case().SelectMany(c => Gen.Choose(0, c.Members.Count - 1).SelectMany(member =>
            Gen.Choose(1, 8).SelectMany(fromEnd => Gen.Choose(1, 255).Select(flip => (c, member, fromEnd, flip)))))), x =>
        {
            var (c, member, fromEnd, flip) = x;
            var changed = (byte[])c.Gzip.Clone();
            changed[Boundaries(c.Members)[member + 1] - fromEnd] ^= (byte)flip;
            return Try(changed, c.Trickle, c.ReadSize) is InvalidDataException;
        });

    [Property(MaxTest = 60)]
    public Property Bytes_after_the_last_member_are_an_error() =>
        Prop.ForAll(Arb.From(Case().SelectMany(c => Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>()).Where(b => b.Length > 0).Select(garbage => (c, garbage)))), x =>
            Try([.. x.c.Gzip, .. x.garbage], x.c.Trickle, x.c.ReadSize) is InvalidDataException);

    internal static byte[] Decode(byte[] gzip, int trickle, int readSize, bool async)
    {
        using var stream = new GzipMemberStream(new TricklingStream(gzip, trickle), "test.gz", readSize: Math.Max(64, readSize));
        using var output = new MemoryStream();
        var buffer = new byte[readSize];
        int read;
        while ((read = async ? stream.ReadAsync(buffer).AsTask().GetAwaiter().GetResult() : stream.Read(buffer)) > 0)
        {
            output.Write(buffer, 0, read);
        }
        return output.ToArray();
    }

    private static object Try(byte[] gzip, int trickle, int readSize)
    {
        try
        {
            return Decode(gzip, trickle, readSize, async: false);
        }
        catch (InvalidDataException e)
        {
            return e;
        }
    }

    private static List<int> Boundaries(IReadOnlyList<byte[]> members)
    {
        var at = new List<int> { 0 };
        foreach (var member in members)
        {
            at.Add(at[^1] + member.Length);
        }
        return at;
    }

    private static Gen<GzipCase> Case() =>
        from parts in Gen.NonEmptyListOf(Part()).Select(l => l.Take(6).ToArray())
        from flags in Gen.ArrayOf(Gen.Elements<byte>(0, GzipMembers.FlagName, GzipMembers.FlagExtra | GzipMembers.FlagComment, 0x1e), parts.Length)
        from level in Gen.Elements(CompressionLevel.Fastest, CompressionLevel.Optimal, CompressionLevel.NoCompression)
        from trickle in Gen.Elements(1, 7, 4096, 1 << 20)
        from readSize in Gen.Elements(1, 100, 8192, 65536)
        let members = parts.Select((p, i) => GzipMembers.Member(p, flags[i], level)).ToArray()
        select new GzipCase(parts, members, [.. members.SelectMany(m => m)], trickle, readSize);

    // Empty, small, incompressible over several 8 KiB inflater chunks, and compressible text.
    private static Gen<byte[]> Part() =>
        Gen.OneOf(
            Gen.Constant(Array.Empty<byte>()),
            Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>()),
            Gen.Choose(0, 40_000).SelectMany(n => Gen.Choose(0, int.MaxValue).Select(seed => Random(n, seed))),
            Gen.Choose(0, 5_000).Select(n => System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, n).Select(i => $"{{\"line\":{i}}}\n")))));

    private static byte[] Random(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public sealed record GzipCase(byte[][] Parts, IReadOnlyList<byte[]> Members, byte[] Gzip, int Trickle, int ReadSize)
    {
        public override string ToString() =>
            $"parts [{string.Join(", ", Parts.Select(p => p.Length))}] bytes, {Gzip.Length} gzip bytes, trickle {Trickle}, reads of {ReadSize}";
    }
}
