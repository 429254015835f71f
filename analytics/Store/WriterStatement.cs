using System.Runtime.InteropServices;
using DuckDBConnection = DuckDB.NET.Data.DuckDBConnection;

namespace Platform.Insights.Analytics.Store;

/// <summary>
/// Runs the store writer's <c>BEGIN</c> and <c>COMMIT</c> through DuckDB's pending-query C API, waiting without spinning
/// while one of DuckDB's worker threads runs the statement's task. DuckDB's own execute loop (what DuckDB.NET calls)
/// polls <c>Executor::ExecuteTask</c> — a mutex per try — for as long as a worker holds the task, and a COMMIT's task is
/// the whole commit: WAL write, fsync and any automatic checkpoint. With more than one DuckDB thread the worker often
/// wins the task, so the writer's thread burned a core through every fsync it did not run itself: 11.5 % of the server's
/// CPU in shape-B remote write, most of what <c>Insights:Threads=1</c> saved (BENCHMARKS.md §35). Here the writer spins
/// a few times (a worker on a short task is back in microseconds), then sleeps a millisecond at a time. Readers keep
/// DuckDB.NET's loop and every thread DuckDB has: only the writer's own statements wait this way.
/// </summary>
internal static partial class WriterStatement
{
    private const string Library = "duckdb";

    /// <summary>Runs <paramref name="sql"/> (a statement without parameters or rows) on the connection; DuckDB's error is thrown as <see cref="StoreStatementException"/>.</summary>
    public static void Execute(DuckDBConnection connection, string sql)
    {
        if (connection.State != System.Data.ConnectionState.Open)
        {
            throw new InvalidOperationException($"the store's write connection is not open (running {sql})");
        }
        var handle = connection.NativeConnection;
        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            Run(handle.DangerousGetHandle(), sql);
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    private static void Run(IntPtr connection, string sql)
    {
        if (Prepare(connection, sql, out var statement) != 0)
        {
            var message = Text(PrepareError(statement));
            DestroyPrepare(ref statement);
            throw new StoreStatementException(message);
        }
        try
        {
            if (PendingPrepared(statement, out var pending) != 0)
            {
                var message = Text(PendingError(pending));
                DestroyPending(ref pending);
                throw new StoreStatementException(message);
            }
            try
            {
                Drive(pending);
                var result = default(QueryResult);
                var state = ExecutePending(pending, ref result);
                try
                {
                    if (state != 0)
                    {
                        throw new StoreStatementException(Text(ResultError(ref result)));
                    }
                }
                finally
                {
                    DestroyResult(ref result);
                }
            }
            finally
            {
                DestroyPending(ref pending);
            }
        }
        finally
        {
            DestroyPrepare(ref statement);
        }
    }

    /// <summary>Executes the statement's tasks on this thread until its result is ready; waits (not spins) while a worker holds one.</summary>
    private static void Drive(IntPtr pending)
    {
        var wait = new SpinWait();
        while (true)
        {
            switch (PendingExecuteTask(pending))
            {
                case PendingState.ResultReady:
                    return;
                case PendingState.Error:
                    throw new StoreStatementException(Text(PendingError(pending)));
                case PendingState.NoTasksAvailable:
                    // A few spins and yields first, then Sleep(1) each time: the worker is in a WAL write, fsync or checkpoint.
                    wait.SpinOnce(sleep1Threshold: 10);
                    break;
                default:
                    wait.Reset();
                    break;
            }
        }
    }

    private static string Text(IntPtr utf8) => utf8 == IntPtr.Zero ? "DuckDB reported an error without a message" : Marshal.PtrToStringUTF8(utf8) ?? "";

    private enum PendingState
    {
        ResultReady = 0,
        ResultNotReady = 1,
        Error = 2,
        NoTasksAvailable = 3,
    }

    /// <summary>DuckDB's <c>duckdb_result</c> (48 bytes on 64-bit): only passed back to DuckDB, never read here.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 48)]
    private struct QueryResult
    {
    }

    [LibraryImport(Library, EntryPoint = "duckdb_prepare", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Prepare(IntPtr connection, string query, out IntPtr statement);

    [LibraryImport(Library, EntryPoint = "duckdb_prepare_error")]
    private static partial IntPtr PrepareError(IntPtr statement);

    [LibraryImport(Library, EntryPoint = "duckdb_destroy_prepare")]
    private static partial void DestroyPrepare(ref IntPtr statement);

    [LibraryImport(Library, EntryPoint = "duckdb_pending_prepared")]
    private static partial int PendingPrepared(IntPtr statement, out IntPtr pending);

    [LibraryImport(Library, EntryPoint = "duckdb_pending_execute_task")]
    private static partial PendingState PendingExecuteTask(IntPtr pending);

    [LibraryImport(Library, EntryPoint = "duckdb_pending_error")]
    private static partial IntPtr PendingError(IntPtr pending);

    [LibraryImport(Library, EntryPoint = "duckdb_execute_pending")]
    private static partial int ExecutePending(IntPtr pending, ref QueryResult result);

    [LibraryImport(Library, EntryPoint = "duckdb_destroy_pending")]
    private static partial void DestroyPending(ref IntPtr pending);

    [LibraryImport(Library, EntryPoint = "duckdb_result_error")]
    private static partial IntPtr ResultError(ref QueryResult result);

    [LibraryImport(Library, EntryPoint = "duckdb_destroy_result")]
    private static partial void DestroyResult(ref QueryResult result);
}
