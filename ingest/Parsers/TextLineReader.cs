namespace Platform.Insights.Ingest.Parsers;

/// <summary>
/// Splits a <see cref="TextReader"/> into lines without allocating a string per line: the current line
/// is a span over an internal buffer, valid until the next <see cref="MoveNext"/>. Accepts LF and CRLF.
/// The buffer only grows to the longest line, never with the file size, and never past
/// <see cref="MaxLineChars"/>: a longer line is streamed through without being kept (its text is empty and
/// <see cref="IsTooLong"/> is true), so one hostile multi-gigabyte line cannot exhaust memory.
/// </summary>
internal sealed class TextLineReader
{
    /// <summary>Longest line kept: 8 Mi chars (16 MB of buffer), far above any exposition, ECS or billing line.</summary>
    public const int DefaultMaxLineChars = 8 << 20;

    private readonly TextReader reader;
    private readonly int maxLineChars;
    private char[] buffer;
    private int start;
    private int end;
    private int scanFrom;
    private int lineStart;
    private int lineLength;
    private bool eof;
    private bool skipping;

    public TextLineReader(TextReader reader, int initialSize = 1 << 16, int maxLineChars = DefaultMaxLineChars)
    {
        this.reader = reader;
        this.maxLineChars = Math.Max(maxLineChars, 1);
        buffer = new char[Math.Min(initialSize, this.maxLineChars + 1)];
    }

    /// <summary>1-based number of the current line.</summary>
    public long LineNumber { get; private set; }

    /// <summary>True when the current line was longer than <see cref="MaxLineChars"/> and was skipped (<see cref="Current"/> is empty).</summary>
    public bool IsTooLong { get; private set; }

    public int MaxLineChars => maxLineChars;

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
                if (start >= end && !skipping)
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
        IsTooLong = skipping;
        skipping = false;
        lineStart = IsTooLong ? terminator : start;
        lineLength = terminator - lineStart;
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
        if (end - start > maxLineChars)
        {
            // The line is over the limit: forget what is buffered and read on until its end without keeping it.
            skipping = true;
            start = end = scanFrom = 0;
        }
        if (end == buffer.Length)
        {
            Array.Resize(ref buffer, Math.Min(buffer.Length * 2, maxLineChars + 1));
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
