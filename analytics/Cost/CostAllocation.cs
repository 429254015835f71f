using System.Text.Json;
using DuckDB.NET.Data;
using Microsoft.Extensions.Options;
using Platform.Insights.Analytics.Store;

namespace Platform.Insights.Analytics.Cost;

/// <summary>
/// The allocation every cost KPI shares: defines the <c>allocated_costs(from, to, rules)</c> table macro
/// (<c>Cost/allocated_costs.sql</c>) on a reader connection and renders the configured rules (and the currency
/// conversion table, if any) as its JSON argument.
/// </summary>
public sealed class CostAllocation(IOptions<CostAllocationOptions> options, IOptions<CurrencyConversionOptions>? currency = null)
{
    private readonly string _rules = Render(options.Value, currency?.Value ?? new CurrencyConversionOptions());

    /// <summary>The rules as the macro's <c>$rules</c> argument.</summary>
    public string Rules => _rules;

    /// <summary>
    /// Opens a reader with the macro defined and its <c>tag_allocation</c> temp table made for the configured rules
    /// (<c>Cost/tag_allocation.sql</c>); bind <c>$rules</c> with <see cref="RulesParameter"/>.
    /// </summary>
    public DuckDBConnection OpenReader(InsightsDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        var connection = database.OpenReader();
        try
        {
            using (var tags = connection.CreateCommand())
            {
                tags.CommandText = StoreSql.Load("Cost/tag_allocation.sql");
                tags.Parameters.Add(RulesParameter());
                tags.ExecuteNonQuery();
            }
            using var command = connection.CreateCommand();
            command.CommandText = StoreSql.Load("Cost/allocated_costs.sql");
            command.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public DuckDBParameter RulesParameter() => new("rules", _rules);

    private static string Render(CostAllocationOptions options, CurrencyConversionOptions currency) => JsonSerializer.Serialize(new
    {
        currency = currency.Reporting,
        rates = currency.Rates.Select(r => new { currency = r.Key, rate = r.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) }),
        service = options.ServiceKeys,
        team = options.TeamKeys,
        env = options.EnvironmentKeys,
        accounts = options.Accounts.Select(a => new { account = a.Key, team = a.Value }),
        shared = options.Shared.Select(r => new
        {
            name = r.Name,
            match = r.Match switch
            {
                SharedCostMatch.Tag => "tag",
                SharedCostMatch.CloudService => "cloud-service",
                SharedCostMatch.Service => "service",
                _ => "account",
            },
            key = r.Key,
            value = r.Value,
            split = r.Split == SharedCostSplit.Even ? "even" : "proportional",
        }),
    });
}
