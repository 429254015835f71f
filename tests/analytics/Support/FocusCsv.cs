using System.Globalization;

namespace Platform.Insights.Analytics.Tests.Support;

/// <summary>Small FOCUS 1.0 CSV files for import tests.</summary>
public static class FocusCsv
{
    public const string Header =
        "BilledCost,EffectiveCost,ListCost,ContractedCost,BillingCurrency,BillingAccountId,BillingPeriodStart,BillingPeriodEnd," +
        "ChargePeriodStart,ChargePeriodEnd,ChargeCategory,ProviderName,ServiceName,ResourceId,Tags";

    public static string Row(decimal billedCost, string currency = "USD", string resource = "r-1", int hour = 22, string account = "1234567890123", int month = 9) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{billedCost},{billedCost},{billedCost},0,{currency},\"{account}\",\"2024-{month:00}-01 00:00:00\",\"2024-{month + 1:00}-01 00:00:00\"," +
            $"\"2024-{month:00}-18 {hour:00}:00:00\",\"2024-{month:00}-18 {hour + 1:00}:00:00\",\"Usage\",\"AWS\",\"Amazon Simple Queue Service\",\"{resource}\",\"{{\"\"team\"\": \"\"payments\"\"}}\"");

    public static string File(params string[] rows) => Header + "\n" + string.Join("\n", rows) + "\n";
}
