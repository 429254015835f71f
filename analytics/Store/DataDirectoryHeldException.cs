namespace Platform.Insights.Analytics.Store;

/// <summary>Another process owns the data directory (DuckDB allows one writer process).</summary>
public sealed class DataDirectoryHeldException : Exception
{
    public DataDirectoryHeldException(string directory, DataDirectoryOwner? owner)
        : base(owner is null
            ? $"The data directory {directory} is held by another insights process."
            : $"The data directory {directory} is held by {owner.Describe()}. Stop it, use its HTTP API, or pass another --data.")
    {
        Directory = directory;
        Owner = owner;
    }

    public DataDirectoryHeldException()
    {
        Directory = "";
    }

    public DataDirectoryHeldException(string message) : base(message)
    {
        Directory = "";
    }

    public DataDirectoryHeldException(string message, Exception innerException) : base(message, innerException)
    {
        Directory = "";
    }

    public string Directory { get; }

    public DataDirectoryOwner? Owner { get; }
}
