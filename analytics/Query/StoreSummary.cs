using Platform.Insights.Analytics.Store;

namespace Platform.Insights.Analytics.Query;

/// <summary>What the store holds, per kind of data and per team (the demo's closing summary, <c>insights status</c>).</summary>
public sealed class StoreSummary(InsightsDatabase database)
{
    public Task<QueryResult> ByKindAsync(CancellationToken cancellationToken) => RunAsync("Query/store_by_kind.sql", cancellationToken);

    public Task<QueryResult> ByTeamAsync(CancellationToken cancellationToken) => RunAsync("Query/store_by_team.sql", cancellationToken);

    private async Task<QueryResult> RunAsync(string file, CancellationToken cancellationToken)
    {
        using var connection = database.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = StoreSql.Load(file);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await QueryResult.ReadAsync(reader, int.MaxValue, cancellationToken);
    }
}
