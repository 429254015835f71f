namespace Platform.Insights.Ingest.Parsers;

/// <summary>
/// An RFC 4180 tokenizer over a reusable char buffer: comma separator, optional double quotes with
/// <c>""</c> escapes, commas and line breaks inside quotes, LF or CRLF record ends. Fields are spans
/// into the buffer; only fields holding <c>""</c> are copied (into a scratch buffer) when read. It tracks
/// the physical line each record starts on, so errors point at the line an editor shows. The buffer
/// grows only to the longest record, and never past <see cref="TextLineReader.DefaultMaxLineChars"/>: a longer
/// record is skipped to the end of its line without being kept, and read as one record with an <see cref="Error"/>.
/// </summary>
internal sealed class CsvRecordReader : IRecordReader
{
    private readonly TextReader reader;
    private readonly int maxRecordChars;
    private char[] buffer = new char[1 << 16];
    private char[] scratch = new char[256];
    private Field[] fields = new Field[64];
    private int start;
    private int end;
    private bool eof;
    private long nextLine = 1;

    public CsvRecordReader(TextReader reader, int maxRecordChars = TextLineReader.DefaultMaxLineChars)
    {
        this.reader = reader;
        this.maxRecordChars = Math.Max(maxRecordChars, 1);
    }

    public int FieldCount { get; private set; }

    /// <summary>1-based physical line the current record starts on.</summary>
    public long StartLine { get; private set; }

    /// <summary>Why the current record is malformed, or null.</summary>
    public string? Error { get; private set; }

    /// <summary>True when the current record is an empty line.</summary>
    public bool IsBlank => Error is null && FieldCount == 1 && fields[0].Length == 0 && !fields[0].Quoted;

    public bool IsQuoted(int index) => fields[index].Quoted;

    /// <summary>The field's text without quotes; valid until the next call of this method or <see cref="Read"/>.</summary>
    public ReadOnlySpan<char> this[int index]
    {
        get
        {
            var field = fields[index];
            var raw = buffer.AsSpan(field.Start, field.Length);
            if (!field.Escaped)
            {
                return raw;
            }
            if (scratch.Length < raw.Length)
            {
                scratch = new char[Math.Max(raw.Length, scratch.Length * 2)];
            }
            var length = 0;
            for (var i = 0; i < raw.Length; i++)
            {
                scratch[length++] = raw[i];
                if (raw[i] == '"')
                {
                    i++; // skip the second quote of the "" pair
                }
            }
            return scratch.AsSpan(0, length);
        }
    }

    public bool Read()
    {
        while (true)
        {
            if (start >= end && eof)
            {
                return false;
            }
            var consumed = Scan();
            if (consumed >= 0)
            {
                start = consumed;
                return true;
            }
            if (end - start > maxRecordChars)
            {
                SkipOverlong();
                return true;
            }
            Fill();
        }
    }

    // Streams past the rest of an over-long record's line, keeping nothing of it, and presents it as one bad record.
    private void SkipOverlong()
    {
        var line = StartLine;
        var lines = buffer.AsSpan(start, end - start).Count('\n');
        start = end = 0;
        while (true)
        {
            var newline = buffer.AsSpan(start, end - start).IndexOf('\n');
            if (newline >= 0)
            {
                start += newline + 1;
                break;
            }
            start = end = 0;
            Fill();
            if (eof && end == 0)
            {
                break;
            }
        }
        FieldCount = 0;
        SetField(start, 0, false, false);
        StartLine = line;
        nextLine = line + lines + 1;
        Error = $"record longer than {maxRecordChars} characters; skipped to the end of its line without reading it";
    }

    // Tokenizes the record at 'start'. Returns the offset just after it, or -1 when the buffer ends
    // before the record does (the caller reads more and the record is scanned again from its start).
    private int Scan()
    {
        FieldCount = 0;
        Error = null;
        StartLine = nextLine;
        var lines = 1L;
        var p = start;
        while (true)
        {
            int contentStart, contentLength;
            bool quoted = false, escaped = false;
            if (p < end && buffer[p] == '"')
            {
                quoted = true;
                contentStart = ++p;
                while (true)
                {
                    var quote = buffer.AsSpan(p, end - p).IndexOf('"');
                    if (quote < 0 || (p + quote + 1 == end && !eof))
                    {
                        if (!eof)
                        {
                            return -1;
                        }
                        // Unterminated quote: the rest of the input is this one broken record.
                        lines += buffer.AsSpan(p, end - p).Count('\n');
                        SetField(contentStart, end - contentStart, true, false);
                        Error ??= "unterminated quoted field";
                        nextLine = StartLine + lines;
                        return end;
                    }
                    lines += buffer.AsSpan(p, quote).Count('\n');
                    p += quote + 1;
                    if (p < end && buffer[p] == '"')
                    {
                        escaped = true;
                        p++;
                        continue;
                    }
                    break;
                }
                contentLength = p - 1 - contentStart;
                while (p < end && buffer[p] is ' ' or '\t')
                {
                    p++;
                }
                if (p < end && buffer[p] is not (',' or '\n' or '\r'))
                {
                    Error ??= $"unexpected text after the closing quote of field {FieldCount + 1}";
                    var skip = buffer.AsSpan(p, end - p).IndexOfAny(',', '\n');
                    if (skip < 0 && !eof)
                    {
                        return -1;
                    }
                    p = skip < 0 ? end : p + skip;
                }
                else if (p == end && !eof)
                {
                    return -1;
                }
            }
            else
            {
                contentStart = p;
                var delimiter = buffer.AsSpan(p, end - p).IndexOfAny(',', '\n');
                if (delimiter < 0 && !eof)
                {
                    return -1;
                }
                p = delimiter < 0 ? end : p + delimiter;
                contentLength = p - contentStart;
            }
            if (p < end && buffer[p] == '\r' && p + 1 < end && buffer[p + 1] == '\n')
            {
                p++;
            }
            else if (p + 1 == end && buffer[p] == '\r' && !eof)
            {
                return -1;
            }
            if (!quoted && contentLength > 0 && p < end && buffer[p] == '\n' && buffer[contentStart + contentLength - 1] == '\r')
            {
                contentLength--;
            }
            SetField(contentStart, contentLength, quoted, escaped);
            if (p < end && buffer[p] == ',')
            {
                p++;
                continue;
            }
            nextLine = StartLine + lines;
            return p < end ? p + 1 : end;
        }
    }

    private void SetField(int fieldStart, int length, bool quoted, bool escaped)
    {
        if (FieldCount == fields.Length)
        {
            Array.Resize(ref fields, fields.Length * 2);
        }
        fields[FieldCount++] = new Field(fieldStart, length, quoted, escaped);
    }

    private void Fill()
    {
        if (start > 0)
        {
            buffer.AsSpan(start, end - start).CopyTo(buffer);
            end -= start;
            start = 0;
        }
        if (end == buffer.Length)
        {
            Array.Resize(ref buffer, (int)Math.Min(buffer.Length * 2L, maxRecordChars + 2L));
        }
        var read = reader.Read(buffer, end, buffer.Length - end);
        if (read == 0)
        {
            eof = true;
        }
        end += read;
    }

    private readonly record struct Field(int Start, int Length, bool Quoted, bool Escaped);
}
