namespace Platform.Insights.Ingest.Parsers;

/// <summary>How a FOCUS column's text becomes a <see cref="FocusLineItem"/> property.</summary>
internal enum FocusColumnKind
{
    /// <summary>Text; NULL or empty is null.</summary>
    Text,

    /// <summary>Text the specification forbids to be null (BillingCurrency): null rejects the row.</summary>
    RequiredText,

    /// <summary>BilledCost, EffectiveCost: null or not a number rejects the row.</summary>
    RequiredMoney,

    /// <summary>ListCost, ContractedCost: null is 0 (providers leave them out), not a number rejects the row.</summary>
    Money,

    /// <summary>Quantities and unit prices: null stays null, not a number rejects the row.</summary>
    Number,

    /// <summary>Billing and charge period bounds: null or not a timestamp rejects the row.</summary>
    Time,

    /// <summary>Tags: a JSON object, normalised.</summary>
    Tags,
}
