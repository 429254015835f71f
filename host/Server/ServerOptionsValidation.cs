using Microsoft.Extensions.Options;

namespace Platform.Insights.Host.Server;

/// <summary>The configured tokens obey <see cref="ApiTokenRules"/>; failures name the key and never quote a token.</summary>
public sealed class ServerOptionsValidation : IValidateOptions<ServerOptions>
{
    public ValidateOptionsResult Validate(string? name, ServerOptions options)
    {
        var errors = ApiTokenRules.Check(options.Tokens, $"{ServerOptions.Section}:Tokens").ToList();
        if (options.TokensFile is { } file && !File.Exists(file))
        {
            errors.Add($"{ServerOptions.Section}:TokensFile: {file} does not exist");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
