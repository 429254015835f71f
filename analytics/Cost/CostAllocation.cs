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
public sealed class CostAllocation
{
    private readonly string _rules;
    private readonly IReadOnlyList<string> _tableSql;
    private readonly string _macroSql;

    public CostAllocation(IOptions<CostAllocationOptions> options, IOptions<CurrencyConversionOptions>? currency = null)
        : this(options, currency, [StoreSql.Load("Cost/allocation_keys.sql"), StoreSql.Load("Cost/tag_allocation.sql")], StoreSql.Load("Cost/allocated_costs.sql"))
    {
    }

    /// <summary>
    /// The same rules with other definitions of the macro and the temp tables it reads (run in order): the tests' reference,
    /// the allocation as it was before BENCHMARKS.md §10c.
    /// </summary>
    internal CostAllocation(IOptions<CostAllocationOptions> options, IOptions<CurrencyConversionOptions>? currency, IReadOnlyList<string> tableSql, string macroSql)
    {
        ArgumentNullException.ThrowIfNull(options);
        _rules = Render(options.Value, currency?.Value ?? new CurrencyConversionOptions());
        _tableSql = tableSql;
        _macroSql = macroSql;
    }

    /// <summary>The rules as the macro's <c>$rules</c> argument.</summary>
    public string Rules => _rules;

    /// <summary>
    /// Opens a reader with the macro defined and the temp tables it reads made for the store as it is and the configured
    /// rules (<c>Cost/allocation_keys.sql</c>, <c>Cost/tag_allocation.sql</c>); bind <c>$rules</c> with <see cref="RulesParameter"/>.
    /// </summary>
    public DuckDBConnection OpenReader(InsightsDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        var connection = database.OpenReader();
        try
        {
            foreach (var sql in _tableSql)
            {
                using var table = connection.CreateCommand();
                table.CommandText = sql;
                if (sql.Contains("$rules", StringComparison.Ordinal))
                {
                    table.Parameters.Add(RulesParameter());
                }
                table.ExecuteNonQuery();
            }
            using var command = connection.CreateCommand();
            command.CommandText = _macroSql;
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
