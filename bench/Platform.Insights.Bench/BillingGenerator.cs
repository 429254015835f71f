using System.Globalization;

namespace Platform.Insights.Bench;

/// <summary>
/// FOCUS 1.0 CSV with the header and rows of the FinOps Foundation's 1,000-row sample
/// (<c>/work/shared/data/billing/focus_1.0_sample_1000.csv</c>, or <c>BENCH_FOCUS_SAMPLE</c>), repeated until
/// N rows are written. Every row gets a new sequential <c>Id</c>, and from the second pass on the
/// <c>ResourceId</c> gets a <c>/bench-K</c> suffix, so rows are distinct (K = pass number); every other field,
/// quoting and <c>NULL</c> token is copied byte for byte.
/// With <c>months</c> &gt; 1 (kind <c>billing-12m</c>) the file spans that many billing months: the rows are cut into
/// <c>months</c> contiguous blocks and block m has ChargePeriodStart/End and BillingPeriodStart/End moved m calendar
/// months later (a day past the end of a shorter month is clamped to its last day, as <see cref="DateTime.AddMonths"/>
/// does; a charge period that clamping would make empty keeps its original length), so each row stays inside its
/// billing period, as the sample's rows are.
/// </summary>
internal static class BillingGenerator
{
    public const string DefaultSample = "/work/shared/data/billing/focus_1.0_sample_1000.csv";

    public static string SamplePath() => Environment.GetEnvironmentVariable("BENCH_FOCUS_SAMPLE") is { Length: > 0 } path ? path : DefaultSample;

    public static long Write(TextWriter writer, long count, string samplePath, int months = 1)
    {
        var lines = File.ReadAllLines(samplePath).Where(l => l.Length > 0).ToArray();
        if (lines.Length < 2)
        {
            throw new ArgumentException($"{samplePath}: no data rows");
        }
        var header = SplitRaw(lines[0]).Select(f => f.Trim('"').TrimStart('\uFEFF')).ToArray();
        var idColumn = Array.IndexOf(header, "Id");
        var resourceColumn = Array.IndexOf(header, "ResourceId");
        if (idColumn < 0 || resourceColumn < 0)
        {
            throw new ArgumentException($"{samplePath}: expected Id and ResourceId columns");
        }
        int[] periods = [.. new[] { "ChargePeriodStart", "ChargePeriodEnd", "BillingPeriodStart", "BillingPeriodEnd" }.Select(c => Array.IndexOf(header, c))];
        if (months > 1 && periods.Any(i => i < 0))
        {
            throw new ArgumentException($"{samplePath}: expected ChargePeriodStart/End and BillingPeriodStart/End columns");
        }
        var rows = lines.Skip(1).Select(SplitRaw).ToArray();
        if (rows.FirstOrDefault(r => r.Length != header.Length) is { } bad)
        {
            throw new ArgumentException($"{samplePath}: a row has {bad.Length} fields, the header {header.Length} (multi-line records are not supported here)");
        }
        writer.WriteLine(lines[0]);
        var shifted = new string[months][][];
        for (var m = 0; m < months; m++)
        {
            shifted[m] = m == 0 ? rows : [.. rows.Select(r => Shift(r, periods, m))];
        }
        for (long n = 0; n < count; n++)
        {
            var pass = n / rows.Length;
            var fields = shifted[months == 1 ? 0 : (int)(n * months / count)][n % rows.Length];
            for (var c = 0; c < fields.Length; c++)
            {
                if (c > 0)
                {
                    writer.Write(',');
                }
                if (c == idColumn)
                {
                    writer.Write((n + 1).ToString(CultureInfo.InvariantCulture));
                }
                else if (c == resourceColumn && pass > 0 && fields[c].Length > 2 && fields[c][0] == '"')
                {
                    writer.Write(fields[c].AsSpan(0, fields[c].Length - 1));
                    writer.Write("/bench-");
                    writer.Write(pass.ToString(CultureInfo.InvariantCulture));
                    writer.Write('"');
                }
                else
                {
                    writer.Write(fields[c]);
                }
            }
            writer.WriteLine();
        }
        return count;
    }

    private const string TimeFormat = "yyyy-MM-dd HH:mm:ss";

    // The row with its charge and billing periods moved by `months` calendar months (fields are "yyyy-MM-dd HH:mm:ss", quoted).
    private static string[] Shift(string[] fields, int[] periods, int months)
    {
        var copy = (string[])fields.Clone();
        var times = periods.Select(i => DateTime.ParseExact(fields[i].Trim('"'), TimeFormat, CultureInfo.InvariantCulture)).ToArray();
        var moved = times.Select(t => t.AddMonths(months)).ToArray();
        if (moved[1] <= moved[0])
        {
            moved[1] = moved[0] + (times[1] - times[0]);
        }
        for (var k = 0; k < periods.Length; k++)
        {
            copy[periods[k]] = '"' + moved[k].ToString(TimeFormat, CultureInfo.InvariantCulture) + '"';
        }
        return copy;
    }

    // Splits one CSV record into its raw field texts (quotes and doubled quotes kept as they are).
    private static string[] SplitRaw(string line)
    {
        var fields = new List<string>();
        var start = 0;
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                fields.Add(line[start..i]);
                start = i + 1;
            }
        }
        fields.Add(line[start..]);
        return [.. fields];
    }
}
