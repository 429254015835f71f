namespace Platform.Insights.Ingest.Parsers;

/// <summary>
/// Splits a <see cref="TextReader"/> into lines without allocating a string per line: the current line
/// is a span over an internal buffer, valid until the next <see cref="MoveNext"/>. Accepts LF and CRLF.
/// The buffer only grows to the longest line, never with the file size.
/// </summary>
internal sealed class TextLineReader
{
    private readonly TextReader reader;
    private char[] buffer;
    private int start;
    private int end;
    private int scanFrom;
    private int lineStart;
    private int lineLength;
    private bool eof;

    public TextLineReader(TextReader reader, int initialSize = 1 << 16)
    {
        this.reader = reader;
        buffer = new char[initialSize];
    }

    /// <summary>1-based number of the current line.</summary>
    public long LineNumber { get; private set; }

    public ReadOnlySpan<char> Current => buffer.AsSpan(lineStart, lineLength);

    public bool MoveNext()
    {
        while (true)
        {
            var newline = buffer.AsSpan(scanFrom, end - scanFrom).IndexOf('\n');
            if (newline >= 0)
            {
                var terminator = scanFrom + newline;
                SetLine(terminator);
                start = terminator + 1;
                scanFrom = start;
                return true;
            }
            scanFrom = end;
            if (eof)
            {
                if (start >= end)
                {
                    return false;
                }
                SetLine(end);
                start = end;
                return true;
            }
            Fill();
        }
    }

    private void SetLine(int terminator)
    {
        lineStart = start;
        lineLength = terminator - start;
        if (lineLength > 0 && buffer[terminator - 1] == '\r')
        {
            lineLength--;
        }
        LineNumber++;
    }

    private void Fill()
    {
        if (start > 0)
        {
            // Keep the unfinished line, drop what has been consumed.
            buffer.AsSpan(start, end - start).CopyTo(buffer);
            end -= start;
            scanFrom -= start;
            start = 0;
        }
        if (end == buffer.Length)
        {
            Array.Resize(ref buffer, buffer.Length * 2);
        }
        var read = reader.Read(buffer, end, buffer.Length - end);
        if (read == 0)
        {
            eof = true;
        }
        else
        {
            end += read;
        }
    }
}
