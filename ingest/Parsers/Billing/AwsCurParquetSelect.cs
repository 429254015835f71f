using System.Globalization;
using DuckDB.NET.Data;
using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Parsers.Billing;

/// <summary>
/// An AWS CUR Parquet file mapped onto FOCUS by DuckDB in one <c>SELECT … FROM read_parquet($path)</c>, so that the store
/// can insert it with one statement instead of every value crossing into .NET and back (BENCHMARKS.md §4.6). The SQL is
/// <see cref="AwsCurRowMapper"/>'s mapping, built from the same column lookup, trimming and extras rules, and a test
/// holds the two to the same rows (<c>AwsCurParquetSelectTests</c>). Only a file the row mapper would take whole comes
/// this way: <see cref="TryCreate"/> first checks every row in SQL (numbers parse, timestamps are present, periods
/// consistent, one currency per billing account, nothing beyond the clock-skew limit, as <see cref="BillingRowConsistency"/>
/// and the import's skew check do) and returns null on anything else — a bad row, a text timestamp, a
/// <c>resource_tags</c> map —, so those files go through the row mapper, whose errors name file, row and column.
/// </summary>
internal sealed class AwsCurParquetSelect
{
    private const string Money = "DECIMAL(38, 12)";

    private readonly AwsCurRowMapper _mapper;
    private readonly IReadOnlyList<(string Name, string Type)> _columns;

    private AwsCurParquetSelect(AwsCurRowMapper mapper, IReadOnlyList<(string Name, string Type)> columns)
    {
        _mapper = mapper;
        _columns = columns;
    }

    /// <summary>
    /// The FOCUS columns of <c>focus_line_items</c> but <c>import_id</c>, by name, over <c>read_parquet($path, file_row_number = true)</c>.
    /// </summary>
    public string Sql { get; private set; } = "";

    /// <summary>
    /// The select for the AWS CUR Parquet file at <paramref name="path"/>, or null when it is another layout or any row
    /// would not map cleanly (see the class comment). <paramref name="latest"/>: the latest ChargePeriodStart accepted.
    /// </summary>
    public static AwsCurParquetSelect? TryCreate(string path, string fileName, BillingFormat? format, DateTimeOffset latest)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(fileName);
        try
        {
            using var parquet = ParquetRecordReader.Open(path, fileName);
            var layout = format ?? BillingFormatDetector.Detect(parquet.Header, fileName);
            if (layout is not (BillingFormat.AwsCurLegacy or BillingFormat.AwsCur2))
            {
                return null;
            }
            var mapper = new AwsCurRowMapper(parquet.Header, fileName, 0, layout == BillingFormat.AwsCurLegacy);
            var select = new AwsCurParquetSelect(mapper, parquet.Columns);
            if (!select.Supported() || !select.EveryRowMaps(parquet, latest))
            {
                return null;
            }
            select.Sql = select.Build();
            return select;
        }
        catch (Exception ex) when (ex is InputFormatException or DuckDBException)
        {
            // Unknown layout, missing columns, a corrupt file: the row path reports it, naming file and column.
            return null;
        }
    }

    // Types whose text DuckDB and the row mapper read alike: timestamps typed (a text one would need IsoTimestamp's rules),
    // amounts numeric, tag keys distinct once trimmed (the row mapper keeps a repeated key's last value), no tag map.
    private bool Supported()
    {
        var m = _mapper;
        var times = new[] { m.usageStart, m.usageEnd, m.periodStart, m.periodEnd };
        var amounts = new[] { m.unblendedCost, m.publicOnDemandCost, m.spEffectiveCost, m.riEffectiveCost, m.riUnusedUpfront, m.riUnusedRecurring,
            m.spTotalCommitment, m.spUsedCommitment, m.usageAmount };
        return m.tagMap < 0
            && times.All(i => i >= 0 && (_columns[i].Type.StartsWith("TIMESTAMP", StringComparison.Ordinal) || _columns[i].Type == "DATE"))
            && amounts.All(i => i < 0 || IsNumeric(_columns[i].Type))
            && m.tagColumns.Select(t => t.Key.Trim()).Distinct(StringComparer.Ordinal).Count() == m.tagColumns.Length;
    }

    private static bool IsNumeric(string type) =>
        type is "DOUBLE" or "FLOAT" or "TINYINT" or "SMALLINT" or "INTEGER" or "BIGINT" or "HUGEINT"
            or "UTINYINT" or "USMALLINT" or "UINTEGER" or "UBIGINT" or "UHUGEINT"
        || type.StartsWith("DECIMAL(", StringComparison.Ordinal);

    // One pass over the columns the checks need, and only those (§4.6 measured a check whose inner SELECT also took `*`:
    // it cost as much as the whole baseline): rows with a value the row mapper would reject, the latest charge, and per
    // billing account whether it has more than one currency.
    private bool EveryRowMaps(ParquetRecordReader parquet, DateTimeOffset latest)
    {
        var m = _mapper;
        var amounts = new[] { m.unblendedCost, m.publicOnDemandCost, m.spEffectiveCost, m.riEffectiveCost, m.riUnusedUpfront, m.riUnusedRecurring,
            m.spTotalCommitment, m.spUsedCommitment, m.usageAmount }.Where(i => i >= 0);
        var unparsable = amounts.Select(i => $"({Text(i)} IS NOT NULL AND TRY_CAST({Text(i)} AS {Money}) IS NULL)");
        var sql = $"""
            SELECT count(*) FILTER (WHERE __bad_amount
                    OR __cs IS NULL OR __ce IS NULL OR __bs IS NULL OR __be IS NULL
                    OR NOT (isfinite(__cs) AND isfinite(__ce) AND isfinite(__bs) AND isfinite(__be))
                    OR __be <= __bs OR __ce < __cs
                    OR ((__cs < __bs - INTERVAL 7 DAY OR __cs >= __be) AND __category NOT IN ('Credit', 'Adjustment'))),
                max(__cs), min(__currency) IS DISTINCT FROM max(__currency)
            FROM (
                SELECT {Time(m.usageStart)} AS __cs, {Time(m.usageEnd)} AS __ce, {Time(m.periodStart)} AS __bs, {Time(m.periodEnd)} AS __be,
                    {ChargeCategory()} AS __category, coalesce({Text(m.payer)}, '') AS __account, coalesce({Text(m.currency)}, '') AS __currency,
                    {string.Join(" OR ", unparsable.DefaultIfEmpty("false"))} AS __bad_amount
                FROM read_parquet($path))
            GROUP BY __account
            """;
        var clean = true;
        var limit = latest.UtcDateTime;
        parquet.Each(sql, row =>
        {
            clean &= Convert.ToInt64(row.GetValue(0), CultureInfo.InvariantCulture) == 0
                && (row.IsDBNull(1) || row.GetDateTime(1) <= limit)
                && !row.GetBoolean(2);
        });
        return clean;
    }

    private string Build()
    {
        var m = _mapper;
        var billed = Amount(m.unblendedCost, "0");
        var type = Text(m.lineItemType);
        var (extraColumns, extraKeys) = m.ExtraColumns();
        var columns = new (string Expression, string Name)[]
        {
            ("file_row_number + 1", "source_line"),
            (billed, "BilledCost"),
            (EffectiveCost(type, billed), "EffectiveCost"),
            (Amount(m.publicOnDemandCost, "0"), "ListCost"),
            ($"0::{Money}", "ContractedCost"),
            ($"coalesce({Text(m.currency)}, '')", "BillingCurrency"),
            (Text(m.payer), "BillingAccountId"),
            (Text(m.payerName), "BillingAccountName"),
            (Text(m.usageAccount), "SubAccountId"),
            (Text(m.usageAccountName), "SubAccountName"),
            (Time(m.periodStart), "BillingPeriodStart"),
            (Time(m.periodEnd), "BillingPeriodEnd"),
            (Time(m.usageStart), "ChargePeriodStart"),
            (Time(m.usageEnd), "ChargePeriodEnd"),
            (ChargeCategory(), "ChargeCategory"),
            (Text(m.description), "ChargeDescription"),
            (Amount(m.usageAmount, "NULL"), "ConsumedQuantity"),
            (Text(m.pricingUnit), "PricingUnit"),
            ($"CASE {type} WHEN 'DiscountedUsage' THEN {Text(m.riArn)} WHEN 'RIFee' THEN {Text(m.riArn)} "
             + $"WHEN 'SavingsPlanCoveredUsage' THEN {Text(m.spArn)} WHEN 'SavingsPlanRecurringFee' THEN {Text(m.spArn)} END", "CommitmentDiscountId"),
            ($"CASE WHEN {type} IN ('DiscountedUsage', 'SavingsPlanCoveredUsage') THEN 'Used' END", "CommitmentDiscountStatus"),
            ("'AWS'", "ProviderName"),
            ("'AWS'", "PublisherName"),
            (Text(m.invoicingEntity), "InvoiceIssuerName"),
            ($"coalesce({Text(m.productName)}, {Text(m.productCode)})", "ServiceName"),
            (Text(m.sku), "SkuId"),
            (Text(m.resourceId), "ResourceId"),
            (Text(m.region), "RegionId"),
            (Text(m.zone), "AvailabilityZone"),
            (ParquetText.JsonObject([.. m.tagColumns.Select(t => t.Key.Trim())], [.. m.tagColumns.Select(t => Trimmed(t.Index))]), "Tags"),
            (ParquetText.JsonObject(extraKeys, [.. extraColumns.Select(Trimmed)]), "x_extra"),
        };
        return $"SELECT {string.Join(",\n    ", columns.Select(c => $"{c.Expression} AS {c.Name}"))}\nFROM read_parquet($path, file_row_number = true)";
    }

    // EffectiveCost as AwsCurRowMapper.EffectiveCost: covered usage at its amortized rate (billed when absent), SP negation
    // and upfront fees 0, fees their unused part, the rest billed.
    private string EffectiveCost(string type, string billed)
    {
        var m = _mapper;
        var spRecurring = m.spTotalCommitment < 0 || m.spUsedCommitment < 0
            ? $"0::{Money}"
            : $"{Amount(m.spTotalCommitment, "0")} - {Amount(m.spUsedCommitment, "0")}";
        return $"CASE {type} WHEN 'SavingsPlanCoveredUsage' THEN {Amount(m.spEffectiveCost, billed)} "
               + $"WHEN 'DiscountedUsage' THEN {Amount(m.riEffectiveCost, billed)} "
               + $"WHEN 'SavingsPlanNegation' THEN 0::{Money} WHEN 'SavingsPlanUpfrontFee' THEN 0::{Money} "
               + $"WHEN 'RIFee' THEN {Amount(m.riUnusedUpfront, "0")} + {Amount(m.riUnusedRecurring, "0")} "
               + $"WHEN 'SavingsPlanRecurringFee' THEN {spRecurring} ELSE {billed} END";
    }

    // AwsCurRowMapper.ChargeCategory in SQL.
    private string ChargeCategory() =>
        $"""
        CASE WHEN {Text(_mapper.lineItemType)} IN ('Usage', 'DiscountedUsage', 'SavingsPlanCoveredUsage') THEN 'Usage'
             WHEN {Text(_mapper.lineItemType)} IN ('Fee', 'RIFee', 'SavingsPlanRecurringFee', 'SavingsPlanUpfrontFee') THEN 'Purchase'
             WHEN {Text(_mapper.lineItemType)} = 'Tax' THEN 'Tax'
             WHEN {Text(_mapper.lineItemType)} IN ('Credit', 'Refund', 'BundledDiscount', 'EdpDiscount', 'SavingsPlanNegation') THEN 'Credit'
             ELSE 'Adjustment' END
        """;

    private string Trimmed(int index) => ParquetText.Trimmed(ParquetText.AsText(_columns[index].Name, _columns[index].Type));

    // BillingRowMapper.Text: the trimmed text, NULL when the column is absent or the field empty.
    private string Text(int index) => index < 0 ? "NULL::VARCHAR" : $"NULLIF({Trimmed(index)}, '')";

    // BillingRowMapper.Money / Number: the amount, or the fallback when absent or empty (EveryRowMaps rules out the rest).
    private string Amount(int index, string fallback) =>
        index < 0 ? $"CAST({fallback} AS {Money})" : $"coalesce(TRY_CAST({Text(index)} AS {Money}), CAST({fallback} AS {Money}))";

    // The timestamp as the row mapper reads it (UTC; a zoned one converted).
    private string Time(int index)
    {
        var (name, type) = _columns[index];
        return type.Contains("WITH TIME ZONE", StringComparison.Ordinal)
            ? $"timezone('UTC', {ParquetText.Identifier(name)})"
            : $"CAST({ParquetText.Identifier(name)} AS TIMESTAMP)";
    }
}
