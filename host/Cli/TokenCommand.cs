using System.CommandLine;
using System.Security.Cryptography;
using Platform.Insights.Host.Server;

namespace Platform.Insights.Host.Cli;

/// <summary>
/// <c>insights token hash</c> and <c>insights token create</c>: the <c>sha256:&lt;hex&gt;</c> values that
/// <c>Insights:Server:Tokens:N:Token</c> and the tokens file keep instead of plain tokens (<see cref="TokenDigest"/>).
/// </summary>
public static class TokenCommand
{
    public static Command Create()
    {
        var command = new Command("token", "Hash or create API tokens (configuration keeps only sha256:<hex>).") { Hash(), CreateToken() };
        return command;
    }

    private static Command Hash()
    {
        var command = new Command("hash", "Read a token from standard input (never from the command line, which other users can see) and print its sha256:<hex> for configuration.");
        command.SetAction((_, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            var token = (await Console.In.ReadLineAsync(cancellationToken))?.Trim() ?? "";
            if (token.Length < 16)
            {
                throw new UsageException("token hash: give the token (at least 16 characters) on standard input, e.g. printf %s \"$TOKEN\" | insights token hash");
            }
            Console.WriteLine(TokenDigest.Format(token));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command CreateToken()
    {
        var name = new Option<string>("--name") { Description = "The token's name (audit records, errors and rate limits use it).", Required = true };
        var scopes = new Option<string[]>("--scope") { Description = "read, ingest or admin (repeat for several).", Required = true, AllowMultipleArgumentsPerToken = true };
        var team = new Option<string?>("--team") { Description = "Limit the token to one team's data." };
        var addTo = new Option<string?>("--add-to") { Description = "Add the hashed token to this tokens file (Insights:Server:TokensFile); a running server picks it up within a second." };
        var format = GlobalOptions.Format();
        var command = new Command("create", "Create a random token: print it once, with the sha256:<hex> value to configure (or add it to a tokens file).") { name, scopes, team, addTo, format };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(() =>
        {
            var chosen = parse.GetValue(scopes)!.SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct().ToArray();
            if (chosen.Length == 0 || !chosen.All(ApiScopes.All.Contains))
            {
                throw new UsageException("token create: --scope must be read, ingest or admin");
            }
            var token = "ins_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
            var configured = new ApiToken { Name = parse.GetValue(name)!, Token = TokenDigest.Format(token), Scopes = chosen, Team = parse.GetValue(team) };
            if (parse.GetValue(addTo) is { } file)
            {
                try
                {
                    TokensFile.Add(file, configured);
                }
                catch (InvalidDataException e)
                {
                    throw new UsageException(e.Message);
                }
            }
            DataPrinter.ForConsole().Print(
                ["name", "token", "hash", "scopes", "team"],
                [[configured.Name, token, configured.Token, string.Join(",", chosen), configured.Team]],
                parse.GetValue(format));
            Console.Error.WriteLine("insights: the token is shown once; only its hash is kept" + (parse.GetValue(addTo) is { } f ? $" (added to {f})" : " (put the hash in Insights:Server:Tokens:N:Token)"));
            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }
}
