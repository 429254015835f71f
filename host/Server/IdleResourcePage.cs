using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Platform.Insights.Analytics.Idle;

namespace Platform.Insights.Host.Server;

/// <summary>
/// One page of <c>GET /api/v1/idle-resources</c>: findings in the contract's order (monthly savings descending, unknown
/// last, then id) after a keyset cursor, so a page never repeats or skips a finding when others come or go between
/// requests. The body is serialised once here so its SHA-256 can be the ETag. <see cref="ComputedAt"/> and
/// <see cref="RunId"/> say which persisted detection run the page comes from; <see cref="Stale"/> that the run is past
/// the staleness bound (<c>Insights:Idle:MaxFindingAge</c>) and none of its findings is actionable.
/// </summary>
public sealed record IdleResourcePage(
    DateTime AsOf,
    DateTime ComputedAt,
    string RunId,
    bool Stale,
    int Total,
    IReadOnlyList<IdleMoney> TotalMonthlySavings,
    IReadOnlyList<IdleFinding> Items,
    string? NextCursor)
{
    /// <summary>camelCase, states as lower-case names ("idle", "underutilized"), as the rest of the API.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static IdleResourcePage Of(IdleRun run, IReadOnlyList<IdleFinding> ordered, string? cursor, int limit)
    {
        var start = 0;
        if (cursor is not null)
        {
            var (savings, id) = Decode(cursor);
            start = ordered.Count(f => Compare(f.MonthlySavings, f.Id, savings, id) <= 0);
        }
        var items = ordered.Skip(start).Take(limit).ToList();
        var next = start + items.Count < ordered.Count && items.Count > 0 ? Encode(items[^1]) : null;
        var totals = ordered.Where(f => f.MonthlySavings is not null && f.Currency is not null)
            .GroupBy(f => f.Currency!, StringComparer.Ordinal)
            .Select(g => new IdleMoney(g.Key, g.Sum(f => f.MonthlySavings!.Value)))
            .OrderBy(m => m.Currency, StringComparer.Ordinal).ToList();
        return new IdleResourcePage(run.AsOf, run.StartedAt, run.RunId, run.Stale, ordered.Count, totals, items, next);
    }

    public static bool TryDecode(string cursor) => TryDecodeCore(cursor, out _);

    /// <summary>Body bytes and their strong ETag (quoted hex of SHA-256).</summary>
    public static (byte[] Body, string ETag) Serialise<T>(T value)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(value, Json);
        return (body, "\"" + Convert.ToHexStringLower(SHA256.HashData(body))[..32] + "\"");
    }

    /// <summary>The contract's order as a comparison: known savings first, larger first, then id.</summary>
    private static int Compare(decimal? savingsA, string idA, decimal? savingsB, string idB)
    {
        if (savingsA is null != savingsB is null)
        {
            return savingsA is null ? 1 : -1;
        }
        var bySavings = (savingsB ?? 0).CompareTo(savingsA ?? 0);
        return bySavings != 0 ? bySavings : string.CompareOrdinal(idA, idB);
    }

    private static string Encode(IdleFinding last) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes((last.MonthlySavings?.ToString(CultureInfo.InvariantCulture) ?? "") + "|" + last.Id))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static (decimal? Savings, string Id) Decode(string cursor) =>
        TryDecodeCore(cursor, out var key) ? key : throw new FormatException("bad cursor");

    private static bool TryDecodeCore(string cursor, out (decimal? Savings, string Id) key)
    {
        key = default;
        try
        {
            var padded = cursor.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - (padded.Length % 4)) % 4);
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(padded));
            var bar = text.IndexOf('|', StringComparison.Ordinal);
            if (bar < 0 || !text[(bar + 1)..].StartsWith("idl_", StringComparison.Ordinal))
            {
                return false;
            }
            decimal? savings = null;
            if (bar > 0)
            {
                if (!decimal.TryParse(text[..bar], NumberStyles.Number, CultureInfo.InvariantCulture, out var s))
                {
                    return false;
                }
                savings = s;
            }
            key = (savings, text[(bar + 1)..]);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
