using System.Data.Common;
using Apache.Arrow;

namespace Platform.Insights.Analytics.Lake;

/// <summary>Builds one Arrow column of a lake file, a row at a time, from a DuckDB reader.</summary>
public interface ILakeColumnBuilder
{
    void Append(DbDataReader reader, int ordinal);

    IArrowArray Build();
}
