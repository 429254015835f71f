using System.Data.Common;

namespace Platform.Insights.Analytics.Query;

/// <summary>Columns and rows of a query; <see cref="Truncated"/> when more rows existed than were asked for.</summary>
public sealed record QueryResult(IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows, bool Truncated)
{
    /// <summary>Reads a whole result (at most <paramref name="maxRows"/> rows), nulls as null.</summary>
    public static async Task<QueryResult> ReadAsync(DbDataReader reader, int maxRows, CancellationToken cancellationToken)
    {
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync(cancellationToken))
        {
            if (rows.Count >= maxRows)
            {
                return new QueryResult(columns, rows, Truncated: true);
            }
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }
            rows.Add(row);
        }
        return new QueryResult(columns, rows, Truncated: false);
    }
}
