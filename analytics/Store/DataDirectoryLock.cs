using System.Text.Json;

namespace Platform.Insights.Analytics.Store;

/// <summary>
/// Exclusive ownership of a data directory for this process: an OS lock on <c>insights.lock</c> (released
/// by the OS if the process dies, so a crash never leaves the directory stuck), plus
/// <c>insights.owner.json</c> naming the holder for everyone else. Acquiring never waits.
/// </summary>
public sealed class DataDirectoryLock : IDisposable
{
    private const string LockFile = "insights.lock";
    private const string OwnerFile = "insights.owner.json";
    private readonly FileStream _lock;
    private readonly string _ownerPath;

    private DataDirectoryLock(FileStream lockStream, string ownerPath, DataDirectoryOwner owner)
    {
        _lock = lockStream;
        _ownerPath = ownerPath;
        Owner = owner;
    }

    public DataDirectoryOwner Owner { get; }

    public static DataDirectoryLock Acquire(string directory, string mode, string? url, TimeProvider time)
    {
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nobody can hold a directory that cannot be made: a read-only or full file system, a file in the way.
            throw DataDirectoryUnwritableException.For(directory, e);
        }
        var lockPath = Path.Combine(directory, LockFile);
        var ownerPath = Path.Combine(directory, OwnerFile);
        FileStream stream;
        try
        {
            stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (Exception e) when (RefusedByFileSystem(e))
        {
            throw DataDirectoryUnwritableException.For(directory, e);
        }
        catch (IOException)
        {
            throw new DataDirectoryHeldException(directory, ReadOwner(directory));
        }

        var owner = new DataDirectoryOwner(Environment.ProcessId, mode, url, time.GetUtcNow());
        File.WriteAllText(ownerPath, JsonSerializer.Serialize(owner));
        return new DataDirectoryLock(stream, ownerPath, owner);
    }

    /// <summary>
    /// Whether opening the lock file failed because the file system refused it (read-only, full, no permission) rather
    /// than because another process holds the lock — which on a read-only mount used to be reported as "held by another
    /// insights process", sending the user looking for a process that does not exist.
    /// </summary>
    internal static bool RefusedByFileSystem(Exception failure) =>
        failure is UnauthorizedAccessException || (failure is IOException && RefusalErrnos.Contains(failure.HResult));

    // .NET puts open(2)'s errno in the IOException's HResult on Unix; the message is strerror's, which follows the locale.
    // EIO, EACCES, ENOSPC, EROFS, EDQUOT (Linux numbers; a held lock is EWOULDBLOCK, 11).
    private static readonly HashSet<int> RefusalErrnos = [5, 13, 28, 30, 122];

    /// <summary>The current holder as it described itself, or null when nobody holds the directory.</summary>
    public static DataDirectoryOwner? ReadOwner(string directory)
    {
        var ownerPath = Path.Combine(directory, OwnerFile);
        try
        {
            return File.Exists(ownerPath) ? JsonSerializer.Deserialize<DataDirectoryOwner>(File.ReadAllText(ownerPath)) : null;
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return null;
        }
    }

    /// <summary>True when another process holds the directory right now.</summary>
    public static bool IsHeld(string directory)
    {
        var lockPath = Path.Combine(directory, LockFile);
        if (!File.Exists(lockPath))
        {
            return false;
        }
        try
        {
            using var probe = new FileStream(lockPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public void Dispose()
    {
        try
        {
            File.Delete(_ownerPath);
        }
        catch (IOException)
        {
            // The owner file is advisory; the OS lock is what counts.
        }
        _lock.Dispose();
    }
}
