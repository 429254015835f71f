using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace Platform.Insights.Reports.Rendering;

/// <summary>
/// HTML → PDF with headless Chromium (<c>--print-to-pdf</c>): the browser that renders the HTML report also paginates
/// it, so the PDF looks like the page. A throwaway profile directory per run; killed at <see cref="ReportsOptions.PdfTimeout"/>.
/// </summary>
public sealed class ChromiumPdfPrinter(IOptions<ReportsOptions> options)
{
    public async Task PrintAsync(string htmlFile, string pdfFile, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var profile = Directory.CreateTempSubdirectory("insights-chromium-");
        try
        {
            var start = new ProcessStartInfo(o.Chromium)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", $"--user-data-dir={profile.FullName}", "--no-pdf-header-footer",
                $"--print-to-pdf={Path.GetFullPath(pdfFile)}", new Uri(Path.GetFullPath(htmlFile)).AbsoluteUri,
            })
            {
                start.ArgumentList.Add(arg);
            }
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start '{o.Chromium}' ({ReportsOptions.Section}:Chromium)");
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            _ = process.StandardOutput.ReadToEndAsync(cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(o.PdfTimeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"chromium did not print {htmlFile} within {o.PdfTimeout} ({ReportsOptions.Section}:PdfTimeout)");
            }
            if (process.ExitCode != 0 || !File.Exists(pdfFile))
            {
                throw new InvalidOperationException($"chromium failed to print {htmlFile} (exit {process.ExitCode}): {(await stderr).Trim()}");
            }
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"'{options.Value.Chromium}' was not found: install Debian's chromium or set {ReportsOptions.Section}:Chromium ({e.Message})", e);
        }
        finally
        {
            try
            {
                profile.Delete(recursive: true);
            }
            catch (IOException)
            {
                // Chromium may still release its profile files for a moment; a leftover temp directory is harmless.
            }
        }
    }
}
