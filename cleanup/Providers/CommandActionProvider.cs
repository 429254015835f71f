using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using Platform.Insights.Cleanup.Execution;

namespace Platform.Insights.Cleanup.Providers;

/// <summary>
/// Runs the configured argv template for the step's action (e.g. <c>kubectl scale …</c>), never through a shell.
/// Before ScaleToZero it runs the <c>ReadReplicas</c> template, when configured, and keeps the count for undo.
/// Exit code 0 is success; an action without a template fails the step (nothing is guessed).
/// </summary>
public sealed class CommandActionProvider(IOptions<CleanupOptions> options) : ICleanupActionProvider
{
    public const string ReadReplicas = "ReadReplicas";
    private readonly CommandProviderOptions _options = options.Value.Command;

    public string Name => "command";

    public async Task<CleanupStepResult> ExecuteAsync(CleanupStep step, CancellationToken cancellationToken)
    {
        if (!_options.Templates.TryGetValue(step.Action.ToString(), out var template))
        {
            return CleanupStepResult.Failed($"no command template for {step.Action} (Insights:Cleanup:Command:Templates:{step.Action})");
        }
        int? previous = step.Action == CleanupAction.ScaleToZero ? step.Replicas : null;
        try
        {
            if (step.Action == CleanupAction.ScaleToZero && _options.Templates.TryGetValue(ReadReplicas, out var read))
            {
                var (readCode, readOut) = await RunAsync(CommandTemplate.Build(read, step), cancellationToken);
                if (readCode != 0 || !int.TryParse(readOut.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var replicas))
                {
                    return CleanupStepResult.Failed($"could not read the replica count before scaling to zero (exit {readCode}): {readOut.Trim()}");
                }
                previous = replicas;
            }
            var (code, output) = await RunAsync(CommandTemplate.Build(template, step), cancellationToken);
            return code == 0 ? CleanupStepResult.Ok(Trim(output), previous) : CleanupStepResult.Failed($"exit {code}: {Trim(output)}");
        }
        catch (CommandTemplateException e)
        {
            return CleanupStepResult.Failed(e.Message);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return CleanupStepResult.Failed($"could not start {template[0]}: {e.Message}");
        }
    }

    /// <summary>Starts the process exactly as built (no shell) and returns its exit code and output.</summary>
    internal async Task<(int Code, string Output)> RunAsync(ProcessStartInfo info, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {info.FileName}");
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, (await stdout) + (await stderr));
    }

    private static string Trim(string text) => text.Length > 500 ? text[..500] + "…" : text.Trim();
}
