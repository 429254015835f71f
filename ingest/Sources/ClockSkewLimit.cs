using System.Globalization;
using Microsoft.Extensions.Options;
using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Sources;

/// <summary>
/// The latest timestamp ingest accepts: this host's clock plus <see cref="IngestOptions.MaxFutureSkew"/>. A record stamped
/// later comes from a skewed or broken clock; storing it would make it count as current (or as "now" once its time
/// comes) in every KPI, so every source rejects it as <see cref="DropReasons.TooFarInFuture"/> and counts it instead.
/// </summary>
public sealed class ClockSkewLimit(TimeProvider time, IOptions<IngestOptions> options)
{
    public TimeSpan MaxFutureSkew => options.Value.MaxFutureSkew;

    /// <summary>The latest acceptable timestamp as of now.</summary>
    public DateTimeOffset Latest => time.GetUtcNow() + MaxFutureSkew;

    /// <summary>The reason and message for <paramref name="field"/> = <paramref name="value"/>, or null when it is not too far ahead.</summary>
    public (string Reason, string Message)? Check(string field, DateTimeOffset? value)
    {
        if (value is not { } stamp)
        {
            return null;
        }
        var now = time.GetUtcNow();
        if (stamp <= now + MaxFutureSkew)
        {
            return null;
        }
        return (DropReasons.TooFarInFuture,
            string.Create(CultureInfo.InvariantCulture,
                $"{field} {stamp.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'} is more than {MaxFutureSkew} ahead of this host's clock ({now.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}; {IngestOptions.Section}:MaxFutureSkew)"));
    }

    /// <summary>Turns each record with a timestamp too far ahead into a <see cref="ParseError"/> of that reason; the rest pass as they are.</summary>
    public async IAsyncEnumerable<ParsedRecord<T>> RejectFutureAsync<T>(
        IAsyncEnumerable<ParsedRecord<T>> records, string fileName, string field, Func<T, DateTimeOffset?> stampOf,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        where T : class
    {
        await foreach (var record in records.WithCancellation(cancellationToken))
        {
            if (record.Value is { } value && Check(field, stampOf(value)) is { } failure)
            {
                yield return ParsedRecord<T>.Fail(new ParseError(fileName, record.Line, failure.Message, failure.Reason));
                continue;
            }
            yield return record;
        }
    }
}
