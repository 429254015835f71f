using System.Text;
using Platform.Insights.Ingest.Parsers;

namespace Platform.Insights.Ingest.Tests.Parsers;

public sealed class InputFileTests : IDisposable
{
    private readonly List<string> created = [];

    [Fact]
    public void Gzip_content_is_decompressed_whatever_the_extension()
    {
        var path = Temp(TestFiles.Gzip("line one\nline two\n"), ".txt");

        using var reader = InputFile.OpenText(path);

        Assert.Equal("line one\nline two\n", reader.ReadToEnd());
    }

    [Fact]
    public void A_file_of_two_concatenated_gzip_members_reads_as_both_in_order()
    {
        // What `cat a.ndjson.gz b.ndjson.gz > all.ndjson.gz` and shippers that rotate within one file produce.
        var first = string.Concat(Enumerable.Range(0, 5000).Select(i => $"line a {i}\n"));
        var path = Temp([.. TestFiles.Gzip(first), .. TestFiles.Gzip("line b\n")], ".ndjson.gz");

        using var reader = InputFile.OpenText(path);

        Assert.Equal(first + "line b\n", reader.ReadToEnd());
    }

    [Fact]
    public void A_file_with_an_empty_gzip_member_in_the_middle_reads_every_member_after_it()
    {
        // `cat a.gz empty.gz b.gz`, where empty.gz is what `gzip < /dev/null` writes: a member of no bytes.
        var path = Temp([.. TestFiles.Gzip("line a\n"), .. TestFiles.EmptyGzipMember, .. TestFiles.Gzip("line b\n")], ".ndjson.gz");

        using var reader = InputFile.OpenText(path);

        Assert.Equal("line a\nline b\n", reader.ReadToEnd());
    }

    [Fact]
    public void A_gzip_file_cut_short_is_an_error_naming_the_file_not_a_short_read()
    {
        // GZipStream returns the first half of a file cut in half and reports nothing: half a day of logs would be
        // imported as if whole.
        var whole = TestFiles.Gzip(string.Concat(Enumerable.Range(0, 20_000).Select(i => $"line {i}\n")));
        var path = Temp(whole[..(whole.Length / 2)], ".ndjson.gz");

        using var reader = InputFile.OpenText(path);

        var error = Assert.Throws<InvalidDataException>(() => reader.ReadToEnd());
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("cut short", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bytes_after_the_last_gzip_member_are_an_error_naming_the_file_and_offset()
    {
        var gzip = TestFiles.Gzip("line a\n");
        var path = Temp([.. gzip, 1, 2, 3], ".ndjson.gz");

        using var reader = InputFile.OpenText(path);

        var error = Assert.Throws<InvalidDataException>(() => reader.ReadToEnd());
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains($"byte {gzip.Length}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_content_named_gz_is_read_as_plain_text()
    {
        var path = Temp(Encoding.UTF8.GetBytes("not compressed"), ".gz");

        using var reader = InputFile.OpenText(path);

        Assert.Equal("not compressed", reader.ReadToEnd());
    }

    [Fact]
    public void Utf8_byte_order_mark_is_skipped()
    {
        var path = Temp([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("héllo")], ".csv");

        using var reader = InputFile.OpenText(path);

        Assert.Equal("héllo", reader.ReadToEnd());
    }

    [Fact]
    public void Byte_order_mark_inside_gzip_is_skipped()
    {
        var path = Temp(TestFiles.Gzip("\uFEFFa,b"), ".csv.gz");

        using var reader = InputFile.OpenText(path);

        Assert.Equal("a,b", reader.ReadToEnd());
    }

    [Fact]
    public void OpenRead_returns_decompressed_bytes()
    {
        var path = Temp(TestFiles.Gzip("abc"), "");

        using var stream = InputFile.OpenRead(path);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);

        Assert.Equal("abc"u8.ToArray(), copy.ToArray());
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x1f })]
    public void Files_shorter_than_the_gzip_magic_open_as_plain(byte[] content)
    {
        var path = Temp(content, ".txt");

        using var stream = InputFile.OpenRead(path);

        Assert.Equal(content.Length, stream.Length);
    }

    public void Dispose()
    {
        foreach (var path in created)
        {
            File.Delete(path);
        }
    }

    private string Temp(byte[] content, string extension)
    {
        var path = TestFiles.WriteTemp(content, extension);
        created.Add(path);
        return path;
    }
}
