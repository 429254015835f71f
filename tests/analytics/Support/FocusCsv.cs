using System.Globalization;

namespace Platform.Insights.Analytics.Tests.Support;

/// <summary>Small FOCUS 1.0 CSV files for import tests.</summary>
public static class FocusCsv
{
    public const string Header =
        "BilledCost,EffectiveCost,ListCost,ContractedCost,BillingCurrency,BillingAccountId,BillingPeriodStart,BillingPeriodEnd," +
        "ChargePeriodStart,ChargePeriodEnd,ChargeCategory,ProviderName,ServiceName,ResourceId,Tags";

    public static string Row(decimal billedCost, string currency = "USD", string resource = "r-1", int hour = 22) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{billedCost},{billedCost},{billedCost},0,{currency},\"1234567890123\",\"2024-09-01 00:00:00\",\"2024-10-01 00:00:00\"," +
            $"\"2024-09-18 {hour:00}:00:00\",\"2024-09-18 {hour + 1:00}:00:00\",\"Usage\",\"AWS\",\"Amazon Simple Queue Service\",\"{resource}\",\"{{\"\"team\"\": \"\"payments\"\"}}\"");

    public static string File(params string[] rows) => Header + "\n" + string.Join("\n", rows) + "\n";
}
