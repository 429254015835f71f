namespace Platform.Insights.Host.Cli;

/// <summary>
/// What <c>import billing --delivery NAME</c> accepts: a provider's delivery id as exports name them (AWS CUR assembly ids
/// are UUIDs, Azure run ids GUIDs, directory-style names like <c>2026-11/run-3</c>), nothing a terminal or log would mangle.
/// </summary>
public static class DeliveryNames
{
    public const string Rule = "1 to 200 characters: letters, digits and . _ - : / only";

    public static bool IsValid(string name) =>
        name is { Length: > 0 and <= 200 } && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or ':' or '/');
}
