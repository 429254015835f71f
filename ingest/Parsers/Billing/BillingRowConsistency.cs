using System.Globalization;
using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Parsers.Billing;

/// <summary>
/// Checks a file's FOCUS rows against each other and their own periods, whatever the provider format, so that bad
/// rows are reported with file, line and column instead of skewing totals:
/// <list type="bullet">
/// <item>ChargePeriodStart lies in the billing period [BillingPeriodStart, BillingPeriodEnd), or at most
/// <see cref="LateUsage"/> before it: providers invoice usage that arrives late in the next period (the FOCUS sample's
/// Oracle rows from the last hours of September are billed in October). A charge after its billing period, or older
/// than that, is an error — unless it is a correction of an earlier period (ChargeClass <c>Correction</c>, FOCUS 1.1+),
/// a credit or an adjustment.</item>
/// <item>Periods run forwards (end after start; an end equal to the start is allowed for one-time charges).</item>
/// <item>One billing account is billed in one currency in a file: a second currency means a mislabelled column or a
/// concatenation of unrelated exports, and summing it would mix currencies.</item>
/// </list>
/// One instance per file (it remembers each account's first currency).
/// </summary>
public sealed class BillingRowConsistency(string fileName)
{
    /// <summary>How long before its billing period a charge may start and still be late usage of that period.</summary>
    public static readonly TimeSpan LateUsage = TimeSpan.FromDays(7);

    private readonly Dictionary<string, (string Currency, long Line)> _currencyByAccount = new(StringComparer.Ordinal);

    public ParsedRecord<FocusLineItem> Check(ParsedRecord<FocusLineItem> record)
    {
        if (record.Value is not { } row)
        {
            return record;
        }
        var error = Problem(row, record.Line);
        return error is null ? record : ParsedRecord<FocusLineItem>.Fail(new ParseError(fileName, record.Line, error));
    }

    /// <summary>Checks every record of <paramref name="records"/> in order.</summary>
    public async IAsyncEnumerable<ParsedRecord<FocusLineItem>> CheckAllAsync(IAsyncEnumerable<ParsedRecord<FocusLineItem>> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        await foreach (var record in records)
        {
            yield return Check(record);
        }
    }

    private string? Problem(FocusLineItem row, long line)
    {
        if (row.BillingPeriodEnd <= row.BillingPeriodStart)
        {
            return $"column BillingPeriodEnd: {Time(row.BillingPeriodEnd)} is not after BillingPeriodStart {Time(row.BillingPeriodStart)}";
        }
        if (row.ChargePeriodEnd < row.ChargePeriodStart)
        {
            return $"column ChargePeriodEnd: {Time(row.ChargePeriodEnd)} is before ChargePeriodStart {Time(row.ChargePeriodStart)}";
        }
        if ((row.ChargePeriodStart < row.BillingPeriodStart - LateUsage || row.ChargePeriodStart >= row.BillingPeriodEnd) && !MayBeOutsideItsPeriod(row))
        {
            return $"column ChargePeriodStart: {Time(row.ChargePeriodStart)} is outside the billing period "
                   + $"[{Time(row.BillingPeriodStart)}, {Time(row.BillingPeriodEnd)}) (only late usage of up to {LateUsage.TotalDays:0} days, "
                   + "a correction, a credit or an adjustment may be)";
        }
        var account = row.BillingAccountId ?? "";
        if (_currencyByAccount.TryGetValue(account, out var first))
        {
            if (!string.Equals(first.Currency, row.BillingCurrency, StringComparison.Ordinal))
            {
                return $"column BillingCurrency: {row.BillingCurrency}, but billing account '{account}' is billed in {first.Currency} "
                       + $"(line {first.Line.ToString(CultureInfo.InvariantCulture)}); currencies are never mixed within one account";
            }
        }
        else
        {
            _currencyByAccount[account] = (row.BillingCurrency, line);
        }
        return null;
    }

    private static bool MayBeOutsideItsPeriod(FocusLineItem row) =>
        string.Equals(row.ChargeClass, "Correction", StringComparison.OrdinalIgnoreCase)
        || string.Equals(row.ChargeCategory, "Credit", StringComparison.OrdinalIgnoreCase)
        || string.Equals(row.ChargeCategory, "Adjustment", StringComparison.OrdinalIgnoreCase);

    private static string Time(DateTime value) => value.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
