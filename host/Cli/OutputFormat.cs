namespace Platform.Insights.Host.Cli;

/// <summary>How printed data is shaped: a table for people, JSON or CSV for programs.</summary>
public enum OutputFormat
{
    Table,
    Json,
    Csv,
}
