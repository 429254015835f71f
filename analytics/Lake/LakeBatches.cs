using Apache.Arrow;
using DuckDB.NET.Data;

namespace Platform.Insights.Analytics.Lake;

/// <summary>
/// A relation of a DuckDB connection (the store writer's staging table of a batch's rows, or a billing publication) as
/// Arrow record batches, one per UTC date of the kind's date column: one read of the relation, in its own row order,
/// each row appended to its date's column builders.
/// </summary>
public static class LakeBatches
{
    /// <summary>The relation's columns as the lake's Arrow schema.</summary>
    public static IReadOnlyList<LakeColumn> Columns(DuckDBConnection connection, string relation)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM {relation})";
        using var reader = command.ExecuteReader();
        var columns = new List<LakeColumn>();
        while (reader.Read())
        {
            columns.Add(LakeColumn.For(reader.GetString(0), reader.GetString(1)));
        }
        return columns;
    }

    /// <summary>Reads <paramref name="relation"/> into one record batch per date of <paramref name="kind"/>'s date column.</summary>
    public static SortedDictionary<DateOnly, RecordBatch> Read(DuckDBConnection connection, LakeKind kind, string relation)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(kind);
        var columns = Columns(connection, relation);
        var schema = Schema(columns);
        var dateOrdinal = columns.Select(c => c.Name).ToList().IndexOf(kind.DateColumn);
        if (dateOrdinal < 0)
        {
            throw new InvalidOperationException($"{relation} has no column {kind.DateColumn} to partition the lake's {kind.Name} by");
        }
        var partitions = new SortedDictionary<DateOnly, Partition>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT * FROM {relation}";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var date = DateOnly.FromDateTime(reader.GetDateTime(dateOrdinal));
                if (!partitions.TryGetValue(date, out var partition))
                {
                    partition = new Partition([.. columns.Select(c => c.NewBuilder())]);
                    partitions.Add(date, partition);
                }
                for (var i = 0; i < partition.Builders.Length; i++)
                {
                    partition.Builders[i].Append(reader, i);
                }
                partition.Rows++;
            }
        }
        var batches = new SortedDictionary<DateOnly, RecordBatch>();
        foreach (var (date, partition) in partitions)
        {
            batches.Add(date, new RecordBatch(schema, partition.Builders.Select(b => b.Build()), partition.Rows));
        }
        return batches;
    }

    public static Schema Schema(IEnumerable<LakeColumn> columns) =>
        new(columns.Select(c => c.Field), metadata: null);

    private sealed class Partition(ILakeColumnBuilder[] builders)
    {
        public ILakeColumnBuilder[] Builders { get; } = builders;

        public int Rows { get; set; }
    }
}
