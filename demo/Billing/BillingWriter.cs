using Platform.Insights.Demo.Model;
using Platform.Insights.Demo.Writing;

namespace Platform.Insights.Demo.Billing;

/// <summary>
/// Writes <c>billing/focus-&lt;yyyy-MM&gt;.csv</c>, one FOCUS 1.0 file per calendar month the window touches:
/// a daily usage row per resource, shared untagged rows, the Savings Plan's purchase and unused rows, and
/// the cost anomaly's multiplied spend. Totals are summed as decimals while writing, so they are exact.
/// </summary>
internal static class BillingWriter
{
    public static async Task<(List<DemoFile> Files, DemoBillingSummary Summary)> WriteAsync(
        OrganisationModel model, string root, IProgress<DemoProgress>? progress, CancellationToken cancellationToken)
    {
        var plan = SavingsPlan.For(model);
        var rows = new BillingRows(model, plan);
        var prices = model.Resources.Select(PriceBook.For).ToArray();
        var files = new List<DemoFile>();
        long totalRows = 0;
        decimal billed = 0, effective = 0, untagged = 0;

        var first = model.StartDate.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var end = model.EndDate.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        for (var monthStart = new DateTime(first.Year, first.Month, 1, 0, 0, 0, DateTimeKind.Utc); monthStart < end; monthStart = monthStart.AddMonths(1))
        {
            var monthEnd = monthStart.AddMonths(1);
            var from = first > monthStart ? first : monthStart;
            var to = end < monthEnd ? end : monthEnd;
            var file = new OutputFile(root, $"billing/focus-{monthStart:yyyy-MM}.csv", DemoFileKind.Billing, progress);
            await using (file)
            {
                var totals = new Totals();
                FocusCsv.WriteHeader(file.Buffer);
                if (plan is not null)
                {
                    Write(file, totals, rows.Purchase(from, to, monthStart, monthEnd));
                }
                for (var day = from; day < to; day = day.AddDays(1))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    WriteDay(model, rows, prices, plan, file, totals, day, monthStart, monthEnd);
                    await file.FlushIfFullAsync(cancellationToken);
                }
                await file.CompleteAsync(cancellationToken);
                files.Add(new DemoFile(file.RelativePath, DemoFileKind.Billing, file.Lines, file.Bytes,
                    Rows: totals.Rows, BilledCost: totals.Billed, EffectiveCost: totals.Effective));
                totalRows += totals.Rows;
                billed += totals.Billed;
                effective += totals.Effective;
                untagged += totals.Untagged;
            }
        }
        return (files, new DemoBillingSummary(totalRows, billed, effective, untagged, FocusCsv.Currency));
    }

    private static void WriteDay(OrganisationModel model, BillingRows rows, PriceEntry[] prices, SavingsPlan? plan, OutputFile file, Totals totals, DateTime day, DateTime monthStart, DateTime monthEnd)
    {
        var dayIndex = (int)(day - model.StartDate.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)).TotalDays;
        var date = DateOnly.FromDateTime(day);
        var anomaly = model.Anomaly is { } a && date >= a.Start && date < a.End ? a.Factor : 1m;
        decimal tagged = 0, used = 0;
        foreach (var resource in model.Resources)
        {
            var r = RandomStreams.For(model.Seed, "billing.usage", resource.Index, dayIndex);
            var factor = resource.Service.Index == model.AnomalyServiceIndex && resource.Type != ResourceModel.Volume ? anomaly : 1m;
            var row = rows.Usage(resource, prices[resource.Index], day, monthStart, monthEnd, factor, r);
            Write(file, totals, row);
            tagged += row.EffectiveCost;
            if (row.CommitmentDiscountStatus == "Used")
            {
                used += row.EffectiveCost;
            }
        }
        foreach (var row in rows.Shared(tagged, day, monthStart, monthEnd, RandomStreams.For(model.Seed, "billing.shared", dayIndex)))
        {
            Write(file, totals, row);
        }
        if (plan is not null)
        {
            Write(file, totals, rows.Unused(used, day, monthStart, monthEnd));
        }
    }

    private static void Write(OutputFile file, Totals totals, FocusRow row)
    {
        FocusCsv.WriteRow(file.Buffer, row);
        totals.Rows++;
        totals.Billed += row.BilledCost;
        totals.Effective += row.EffectiveCost;
        if (row.Tags is null)
        {
            totals.Untagged += row.EffectiveCost;
        }
    }

    private sealed class Totals
    {
        public long Rows { get; set; }
        public decimal Billed { get; set; }
        public decimal Effective { get; set; }
        public decimal Untagged { get; set; }
    }
}
