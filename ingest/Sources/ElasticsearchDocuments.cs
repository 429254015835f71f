using Platform.Insights.Ingest.Parsers;
using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Sources;

/// <summary>
/// The documents of one pull turned into events: each <c>_source</c> goes through the NDJSON import's
/// <see cref="EcsEventReader"/> (with the source's field names) and then its <see cref="DeliveryEventRules"/>, so a document
/// is kept or dropped, for the same reason (<see cref="DropReasons"/>), as the same line in a file or a pushed body.
/// Keeps the dropped documents per reason and names the first ones (index/id and position in the pull).
/// </summary>
internal sealed class ElasticsearchDocuments(string source, EcsFieldMap fields, DeliveryEventRules rules)
{
    private const int ErrorsKept = 20;

    private readonly EcsEventReader _reader = new(fields);
    private readonly List<ParseError> _errors = [];
    private readonly Dictionary<string, long> _rejectedByReason = new(StringComparer.Ordinal);

    public IReadOnlyList<ParseError> Errors => _errors;

    public IReadOnlyDictionary<string, long> RejectedByReason => _rejectedByReason;

    public long Rejected { get; private set; }

    /// <summary>
    /// The page's events split by service, and the documents dropped from it per reason. <paramref name="before"/> is the
    /// number of documents of the window read before this page (a document's position in the pull, for naming it).
    /// </summary>
    public (Dictionary<string, List<LogEvent>> ByService, Dictionary<string, long> Dropped) Read(ElasticsearchPage page, long before)
    {
        var byService = new Dictionary<string, List<LogEvent>>(StringComparer.Ordinal);
        var dropped = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < page.Hits.Count; i++)
        {
            var hit = page.Hits[i];
            LogEvent? logEvent = null;
            var failure = hit.Source.Length == 0
                ? (DropReasons.Invalid, "no _source (the index does not keep documents' source)")
                : _reader.Read(hit.Source, out logEvent) ?? rules.Check(logEvent!);
            if (failure is { } f)
            {
                Rejected++;
                dropped[f.Reason] = dropped.GetValueOrDefault(f.Reason) + 1;
                _rejectedByReason[f.Reason] = _rejectedByReason.GetValueOrDefault(f.Reason) + 1;
                if (_errors.Count < ErrorsKept)
                {
                    _errors.Add(new ParseError($"{source}:{hit.Index}/{hit.Id}", before + i + 1, f.Message, f.Reason));
                }
                continue;
            }
            var service = ServiceRouting.ServiceOf(logEvent!);
            if (!byService.TryGetValue(service, out var list))
            {
                byService[service] = list = [];
            }
            list.Add(logEvent!);
        }
        return (byService, dropped);
    }
}
