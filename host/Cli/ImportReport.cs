using System.Globalization;
using Platform.Insights.Host.Runtime;
using Platform.Insights.Ingest.Sinks;
using Platform.Insights.Ingest.Sources;

namespace Platform.Insights.Host.Cli;

/// <summary>The closing lines of an import: one per file with its counts, the bad lines, and a total.</summary>
public static class ImportReport
{
    private static readonly string[] Columns = ["file", "kind", "outcome", "read", "stored", "duplicates", "rejected", "seconds", "note"];

    public static void Print(ImportRun run, OutputFormat format)
    {
        ArgumentNullException.ThrowIfNull(run);
        var summaries = run.Files;
        var rows = summaries.Select(s => new object?[]
        {
            s.File, s.Kind, Outcome(s.Outcome), s.Read, s.Stored, s.Duplicates, s.Rejected,
            Math.Round(s.Elapsed.TotalSeconds, 2), s.Message,
        }).ToList();
        if (format != OutputFormat.Table)
        {
            DataPrinter.ForConsole().Print(Columns, rows, format);
            return;
        }
        foreach (var s in summaries)
        {
            Console.WriteLine(Line(s));
            foreach (var error in s.Errors)
            {
                Console.Error.WriteLine($"  rejected {error}");
            }
            if (s.Rejected > s.Errors.Count)
            {
                Console.Error.WriteLine($"  … and {s.Rejected - s.Errors.Count:N0} more rejected lines");
            }
        }
        if (summaries.Count > 1)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"total: {summaries.Count} files, read {summaries.Sum(s => s.Read):N0}, stored {summaries.Sum(s => s.Stored):N0}, duplicates dropped {summaries.Sum(s => s.Duplicates):N0}, rejected {summaries.Sum(s => s.Rejected):N0}"));
        }
        if (run.Failure is { } failure)
        {
            Console.Error.WriteLine($"billing delivery not stored: {failure}");
        }
        if (run.Billing is { } commit)
        {
            Console.WriteLine(Delivery(commit));
        }
    }

    /// <summary>"billing delivery: 1,234 rows, USD 5,678.90; restated …" — what a billing commit added and replaced.</summary>
    public static string Delivery(BillingCommit commit)
    {
        ArgumentNullException.ThrowIfNull(commit);
        var totals = string.Join(", ", commit.BilledCostByCurrency.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => Money.Format(t.Value, t.Key)));
        var line = string.Create(CultureInfo.InvariantCulture, $"billing delivery committed: {commit.Rows:N0} rows, BilledCost {totals}");
        if (commit.ReplacedRows == 0 || commit.ReplacedPeriods is not { Count: > 0 } periods)
        {
            return line;
        }
        var restated = string.Join("; ", periods.Select(p =>
            string.Create(CultureInfo.InvariantCulture, $"{p.ProviderName ?? "(no provider)"} account {p.BillingAccountId ?? "(none)"} {p.BillingPeriodStart:yyyy-MM}")));
        return string.Create(CultureInfo.InvariantCulture,
            $"{line}; restated {restated}: {commit.ReplacedRows:N0} rows of earlier deliveries replaced");
    }

    public static string Line(ImportSummary s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var counts = string.Create(CultureInfo.InvariantCulture,
            $"read {s.Read:N0}, stored {s.Stored:N0}, duplicates dropped {s.Duplicates:N0}, rejected {s.Rejected:N0} in {s.Elapsed.TotalSeconds:0.0} s{Reasons(s)}");
        return s.Outcome switch
        {
            ImportOutcome.Imported => $"{s.Kind} {s.File}: {counts}",
            // A failed file is rolled back whole; its lines read before the failure were not counted, so "read 0" would mislead.
            ImportOutcome.Failed when s is { Read: 0, Stored: 0, Rejected: 0 } => string.Create(CultureInfo.InvariantCulture,
                $"{s.Kind} {s.File}: {Outcome(s.Outcome)}: {s.Message} (nothing of this file stored; {s.Elapsed.TotalSeconds:0.0} s)"),
            _ => $"{s.Kind} {s.File}: {Outcome(s.Outcome)}: {s.Message} ({counts})",
        };
    }

    /// <summary>"; rejected per reason: unknown_outcome 2, bad_timestamp 1": the rejected lines per reason, most first; empty when none.</summary>
    public static string Reasons(ImportSummary s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return s.RejectedByReason is { Count: > 0 } reasons ? "; rejected per reason: " + Reasons(reasons) : "";
    }

    /// <summary>"unknown_outcome 2, bad_timestamp 1": counts per reason, most first (the same order for every source).</summary>
    public static string Reasons(IReadOnlyDictionary<string, long> reasons)
    {
        ArgumentNullException.ThrowIfNull(reasons);
        return string.Join(", ", reasons.OrderByDescending(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Key} {r.Value:N0}")));
    }

    /// <summary>
    /// 0 when every file imported cleanly (or was already imported); 1 when a file failed for a reason other than its content;
    /// 2 when input was bad (rejected lines, or a file that cannot be decoded, such as a gzip cut short).
    /// </summary>
    public static int ExitCode(IReadOnlyList<ImportSummary> summaries)
    {
        if (summaries.Any(s => s.Outcome is ImportOutcome.Busy || s is { Outcome: ImportOutcome.Failed, InputAtFault: false }))
        {
            return ExitCodes.Failure;
        }
        return summaries.Any(s => s.Rejected > 0 || s.InputAtFault) ? ExitCodes.BadInput : ExitCodes.Success;
    }

    private static string Outcome(ImportOutcome outcome) => outcome switch
    {
        ImportOutcome.Imported => "imported",
        ImportOutcome.AlreadyImported => "already imported",
        ImportOutcome.Busy => "busy",
        ImportOutcome.RejectedStrict => "rejected (--strict)",
        _ => "failed",
    };
}
