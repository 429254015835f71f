namespace Platform.Insights.Ingest.Parsers.Billing;

/// <summary>The names a user gives a <see cref="BillingFormat"/> on the command line (<c>--input-format</c>).</summary>
public static class BillingFormatNames
{
    private static readonly (BillingFormat Format, string Name)[] All =
    [
        (BillingFormat.Focus, "focus"),
        (BillingFormat.AwsCurLegacy, "aws-cur"),
        (BillingFormat.AwsCur2, "aws-cur-2"),
        (BillingFormat.AzureEaLegacy, "azure-ea"),
        (BillingFormat.AzureCostInBillingCurrency, "azure"),
        (BillingFormat.GcpBilling, "gcp"),
    ];

    /// <summary>focus, aws-cur, aws-cur-2, azure-ea, azure, gcp.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(f => f.Name)];

    public static bool TryParse(string? name, out BillingFormat format)
    {
        foreach (var (f, n) in All)
        {
            if (string.Equals(n, name, StringComparison.OrdinalIgnoreCase))
            {
                format = f;
                return true;
            }
        }
        format = default;
        return false;
    }
}
