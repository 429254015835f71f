namespace Platform.Insights.Ingest.Sources;

/// <summary>How a webhook delivery ended.</summary>
public enum WebhookOutcome
{
    /// <summary>A finished deployment, stored as a deployment event.</summary>
    Stored,

    /// <summary>The same deployment was delivered before (a redelivery): nothing stored.</summary>
    Duplicate,

    /// <summary>Valid, but not a finished deployment (e.g. a pending status): nothing to store.</summary>
    Ignored,

    /// <summary>Not a payload this endpoint understands: nothing stored.</summary>
    Invalid,
}
