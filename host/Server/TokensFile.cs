using System.Text.Json;

namespace Platform.Insights.Host.Server;

/// <summary>
/// <c>Insights:Server:TokensFile</c>: a JSON file <c>{"Tokens": [{"Name", "Token": "sha256:…", "Scopes", "Team", …}]}</c>
/// read at start and again whenever it changes (<see cref="ApiTokenSource"/>), so tokens are added, rotated and
/// revoked without a restart. <c>insights token create --add-to FILE</c> appends to it.
/// </summary>
public static class TokensFile
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true, WriteIndented = true };

    private sealed class Document
    {
        public List<ApiToken> Tokens { get; set; } = [];
    }

    /// <summary>Reads the file; throws <see cref="InvalidDataException"/> naming the file when it is not valid (never quoting a token).</summary>
    public static List<ApiToken> Read(string path)
    {
        Document? document;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            document = stream.Length == 0 ? new Document() : JsonSerializer.Deserialize<Document>(stream, Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a tokens file ({{\"Tokens\": [...]}}): line {e.LineNumber + 1}", e);
        }
        var tokens = document?.Tokens ?? [];
        var errors = ApiTokenRules.Check(tokens, path + ": Tokens");
        if (errors.Count > 0)
        {
            throw new InvalidDataException(string.Join("; ", errors));
        }
        return tokens;
    }

    /// <summary>Adds <paramref name="token"/> (its Token already hashed) to the file, creating it readable by its owner only.</summary>
    public static void Add(string path, ApiToken token)
    {
        var tokens = File.Exists(path) ? Read(path) : [];
        if (tokens.Any(t => t.Name == token.Name))
        {
            throw new InvalidDataException($"{path}: a token named '{token.Name}' exists; revoke it first (remove it from the file)");
        }
        tokens.Add(token);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(new Document { Tokens = tokens }, Json));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        File.Move(temporary, path, overwrite: true);
    }
}
