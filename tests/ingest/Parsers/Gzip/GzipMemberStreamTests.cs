using System.Text;
using Platform.Insights.Ingest.Parsers.Gzip;

namespace Platform.Insights.Ingest.Tests.Parsers.Gzip;

/// <summary>The gzip reader's header checks and the errors it names (member number, byte offset).</summary>
public sealed class GzipMemberStreamTests
{
    private static readonly byte[] Line = Encoding.ASCII.GetBytes("{\"message\":\"heartbeat\"}\n");

    [Fact]
    public void Every_optional_header_field_is_skipped_and_the_header_crc_checked()
    {
        var gzip = GzipMembers.Member(Line, GzipMembers.FlagExtra | GzipMembers.FlagName | GzipMembers.FlagComment | GzipMembers.FlagHeaderCrc);

        Assert.Equal(Line, Decode(gzip));
    }

    [Fact]
    public void Reserved_header_flag_bits_are_an_error_naming_the_member()
    {
        var gzip = GzipMembers.Member(Line);
        gzip[3] = 0x20;

        var error = Assert.Throws<InvalidDataException>(() => Decode(gzip));
        Assert.Equal("test.gz: gzip member 1 (starting at byte 0) sets reserved header flag bits (FLG 0x20); RFC 1952 requires them to be zero", error.Message);
    }

    [Fact]
    public void A_header_crc_that_does_not_match_is_an_error()
    {
        var gzip = GzipMembers.Member(Line, GzipMembers.FlagHeaderCrc);
        gzip[10] ^= 0xff;

        var error = Assert.Throws<InvalidDataException>(() => Decode(gzip));
        Assert.Contains("the header's CRC-16", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_damaged_trailer_of_the_first_of_two_equal_members_names_that_member_and_byte()
    {
        // Equal members end in equal trailers: the reader must find the first member's end exactly, not the next match.
        var member = GzipMembers.Member(Line);
        byte[] gzip = [.. member, .. member];
        gzip[member.Length - 8] ^= 1;

        var error = Assert.Throws<InvalidDataException>(() => Decode(gzip));
        Assert.StartsWith($"test.gz: gzip member 1 (starting at byte 0): its trailer at byte {member.Length - 8} gives CRC-32 ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_second_member_cut_short_names_member_2_and_where_the_input_ends()
    {
        var first = GzipMembers.Member(Line);
        var second = GzipMembers.Member(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("{\"message\":\"b\"}\n", 2000))));
        byte[] gzip = [.. first, .. second[..^20]];

        var error = Assert.Throws<InvalidDataException>(() => Decode(gzip));
        Assert.StartsWith($"test.gz: gzip member 2 (starting at byte {first.Length}) is cut short: the input ends at byte {gzip.Length}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Members_of_no_bytes_before_between_and_after_others_are_read_past()
    {
        var empty = GzipMembers.Member([]);
        byte[] gzip = [.. empty, .. GzipMembers.Member(Line), .. empty, .. empty, .. GzipMembers.Member(Line), .. empty];

        Assert.Equal([.. Line, .. Line], Decode(gzip));
    }

    [Fact]
    public void An_input_of_no_bytes_holds_no_member_and_is_an_error()
    {
        var error = Assert.Throws<InvalidDataException>(() => Decode([]));
        Assert.Equal("test.gz: holds no gzip member (0 bytes)", error.Message);
    }

    private static byte[] Decode(byte[] gzip) => GzipMemberStreamProperties.Decode(gzip, trickle: 1 << 20, readSize: 8192, async: false);
}
