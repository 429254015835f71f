namespace Platform.Insights.Analytics.Store;

/// <summary>The data file was written by a newer build: refusing it protects it from this one.</summary>
public sealed class SchemaVersionException : Exception
{
    public SchemaVersionException(string file, int fileVersion, int knownVersion)
        : base($"{file} has schema version {fileVersion}, but this build of insights knows up to version {knownVersion}. " +
               "Use a newer insights, or point --data at another directory. The file was not changed.")
    {
    }

    public SchemaVersionException()
    {
    }

    public SchemaVersionException(string message) : base(message)
    {
    }

    public SchemaVersionException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
