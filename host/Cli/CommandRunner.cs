using Microsoft.Extensions.Options;
using Platform.Insights.Analytics.Query;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Dashboards.Publishing;
using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Host.Cli;

/// <summary>
/// Runs a verb and turns what went wrong into the documented exit code and one clear line on stderr:
/// 2 for bad input or usage (including a held data directory or bad configuration), 1 for failures.
/// </summary>
public static class CommandRunner
{
    public static async Task<int> RunAsync(Func<Task<int>> verb)
    {
        try
        {
            return await verb();
        }
        catch (DataDirectoryHeldException e)
        {
            return Fail(e.Message, ExitCodes.BadInput);
        }
        catch (DataDirectoryUnwritableException e)
        {
            return Fail(e.Message, ExitCodes.Failure);
        }
        catch (SchemaVersionException e)
        {
            return Fail(e.Message, ExitCodes.BadInput);
        }
        catch (InputFormatException e)
        {
            return Fail(e.Message, ExitCodes.BadInput);
        }
        catch (QueryRejectedException e)
        {
            return Fail(e.Message, ExitCodes.BadInput);
        }
        catch (QueryTimeoutException e)
        {
            // The statement was fine; it ran out of time (a failure, not bad input).
            return Fail(e.Message, ExitCodes.Failure);
        }
        catch (OptionsValidationException e)
        {
            return Fail("configuration: " + string.Join("; ", e.Failures), ExitCodes.BadInput);
        }
        catch (FileNotFoundException e)
        {
            return Fail(e.Message, ExitCodes.BadInput);
        }
        catch (DirectoryNotFoundException e)
        {
            return Fail(e.Message, ExitCodes.BadInput);
        }
        catch (UsageException e)
        {
            return Fail(e.Message, ExitCodes.BadInput);
        }
        catch (GrafanaApiException e)
        {
            return Fail(e.Message, ExitCodes.Failure);
        }
        catch (OperationCanceledException)
        {
            return Fail("cancelled", ExitCodes.Failure);
        }
    }

    private static int Fail(string message, int code)
    {
        Console.Error.WriteLine($"insights: {message}");
        return code;
    }
}
