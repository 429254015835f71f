using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Parsers.Billing;

/// <summary>
/// The row loop shared by the provider mappers: skips blank lines, turns malformed records and wrong field
/// counts into error records, and hands each good record to <see cref="Map"/>. Also the field readers
/// (text, money, extra columns) whose errors name the column.
/// </summary>
internal abstract class BillingRowMapper
{
    protected BillingRowMapper(string[] header)
    {
        Header = header;
        // Columns copied into FOCUS fields; every other non-empty column goes to Extra as x_<name>.
        Direct = new bool[header.Length];
        ExtraNames = [.. header.Select(h => "x_" + h)];
    }

    protected string[] Header { get; }

    protected bool[] Direct { get; }

    /// <summary>Each column's Extra key, <c>x_&lt;header name&gt;</c>, made once per file rather than once per value.</summary>
    private string[] ExtraNames { get; }

    protected InternPool Strings { get; } = new(maxLength: 128);

    // How many columns may go to Extra, known once the subclass has marked its direct columns (-1 until then).
    private int _extraCapacity = -1;

    // The source building each row's extras itself (see IExtraColumnsSource), or null when AddExtra copies them.
    private IExtraColumnsSource? _extraSource;

    // Where that source's extras bytes go: rows of a batch share its chunks (see Utf8Arena).
    private readonly Utf8Arena _extraBytes = new();

    /// <summary>
    /// True when every extra of a row is what <see cref="AddExtra"/> copies with <see cref="ExtraSkip"/> (no mapper-made
    /// entries), so a source that can build the extras object itself may do so.
    /// </summary>
    protected virtual bool ExtrasAreCopiedColumns => false;

    /// <summary>Columns <see cref="AddExtra"/> leaves out besides the direct ones (e.g. tag columns, which go to Tags).</summary>
    protected virtual bool[]? ExtraSkip => null;

    /// <summary>Columns <see cref="Map"/> reads only as amounts (<see cref="Money"/>, <see cref="Number"/>): a typed source hands them over typed.</summary>
    protected virtual IReadOnlySet<int> NumberColumns => EmptySet;

    /// <summary>Columns <see cref="Map"/> reads only as timestamps (see <see cref="ITypedColumnsSource.TryTimestamp"/>).</summary>
    protected virtual IReadOnlySet<int> TimestampColumns => EmptySet;

    private static readonly IReadOnlySet<int> EmptySet = new HashSet<int>();

    // Room for any amount's text from a typed source (a double's shortest form is at most 24 characters).
    private const int NumberText = 64;

    /// <summary>Every column <see cref="Map"/> may read, when <see cref="ExtrasAreCopiedColumns"/> (the others are not handed over).</summary>
    protected virtual IReadOnlySet<int> ReadColumns => Enumerable.Range(0, Header.Length).ToHashSet();

    public IEnumerable<ParsedRecord<FocusLineItem>> Rows(IRecordReader csv, string fileName)
    {
        if (ExtrasAreCopiedColumns && csv is IExtraColumnsSource source)
        {
            var skip = ExtraSkip;
            var columns = Enumerable.Range(0, Header.Length).Where(i => !Direct[i] && (skip is null || !skip[i])).ToList();
            source.BuildExtra(columns, [.. columns.Select(i => ExtraNames[i])], ReadColumns);
            _extraSource = source;
        }
        if (csv is ITypedColumnsSource typed)
        {
            typed.ReadTyped(NumberColumns, TimestampColumns);
        }
        while (csv.Read())
        {
            if (csv.IsBlank)
            {
                continue;
            }
            string? error;
            var row = new FocusLineItem { SourceLine = csv.StartLine };
            if (csv.Error is not null)
            {
                error = csv.Error;
            }
            else if (csv.FieldCount != Header.Length)
            {
                error = $"row has {csv.FieldCount} fields but the header has {Header.Length}";
            }
            else
            {
                error = Map(csv, row);
            }
            yield return error is null
                ? ParsedRecord<FocusLineItem>.Ok(row, csv.StartLine)
                : ParsedRecord<FocusLineItem>.Fail(new ParseError(fileName, csv.StartLine, error));
        }
    }

    /// <summary>Fills <paramref name="row"/> from the current record; returns null or why the record is rejected.</summary>
    protected abstract string? Map(IRecordReader csv, FocusLineItem row);

    /// <summary>Marks columns as copied into FOCUS fields (not repeated in Extra); -1 is ignored.</summary>
    protected void MarkDirect(params ReadOnlySpan<int> indexes)
    {
        foreach (var index in indexes)
        {
            if (index >= 0)
            {
                Direct[index] = true;
            }
        }
    }

    /// <summary>The trimmed text of a column, or null when the column is absent or the field empty.</summary>
    protected string? Text(IRecordReader csv, int index)
    {
        if (index < 0)
        {
            return null;
        }
        var text = csv[index].Trim();
        return text.IsEmpty ? null : Strings.Get(text);
    }

    /// <summary>Reads an amount; an absent column or empty field is <paramref name="fallback"/>. Returns null or the error.</summary>
    protected string? Money(IRecordReader csv, int index, decimal fallback, out decimal value)
    {
        value = fallback;
        if (index < 0)
        {
            return null;
        }
        Span<char> buffer = stackalloc char[NumberText];
        var text = NumberField(csv, index, buffer).Trim();
        if (text.IsEmpty)
        {
            return null;
        }
        return DecimalText.TryParse(text, out value) ? null : $"{Header[index]} is not a number: '{text}'";
    }

    // An amount's text: from a typed source's value when it has one (no string made), else the field as read.
    private static ReadOnlySpan<char> NumberField(IRecordReader csv, int index, Span<char> buffer) =>
        csv is ITypedColumnsSource typed && typed.TryNumberText(index, buffer, out var written) ? buffer[..written] : csv[index];

    /// <summary>Reads an optional quantity or price: null when absent or empty.</summary>
    protected string? Number(IRecordReader csv, int index, out decimal? value)
    {
        value = null;
        Span<char> buffer = stackalloc char[NumberText];
        if (index < 0 || NumberField(csv, index, buffer).Trim().IsEmpty)
        {
            return null;
        }
        var error = Money(csv, index, 0m, out var parsed);
        value = parsed;
        return error;
    }

    /// <summary>
    /// Copies every non-empty column not marked direct (nor in <see cref="ExtraSkip"/>) into Extra as <c>x_&lt;header name&gt;</c>,
    /// or takes the same object as JSON from a source that builds it (<see cref="FocusLineItem.ExtraJsonUtf8"/>).
    /// </summary>
    protected void AddExtra(IRecordReader csv, FocusLineItem row)
    {
        if (_extraSource is { } source)
        {
            row.ExtraJsonUtf8 = source.ExtraJsonUtf8(_extraBytes);
            return;
        }
        var skip = ExtraSkip;
        if (_extraCapacity < 0)
        {
            _extraCapacity = Direct.Count(direct => !direct);
        }
        for (var i = 0; i < Header.Length; i++)
        {
            if (Direct[i] || (skip is not null && skip[i]))
            {
                continue;
            }
            var text = csv[i].Trim();
            if (!text.IsEmpty)
            {
                // Sized for every extra column at once: an AWS CUR row has ~110, and growing the dictionary to that
                // (rehashing and copying at each doubling) cost more than reading the values.
                (row.Extra ??= new Dictionary<string, string?>(_extraCapacity, StringComparer.Ordinal))[ExtraNames[i]] = Strings.Get(text);
            }
        }
    }

    protected static string MissingColumns(IEnumerable<string> missing, string format, string[] header) =>
        $"missing {format} column(s) {string.Join(", ", missing)}; header: {string.Join(',', header)}";
}
