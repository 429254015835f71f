using Platform.Insights.Analytics.Store;
using Platform.Insights.Analytics.Tests.Support;

namespace Platform.Insights.Analytics.Tests.Store;

/// <summary>
/// A held data directory and one the file system refuses are different troubles for the user: the first names a
/// process to stop, the second the OS's reason. bench/diskfull.sh checks the refusal on a real read-only tmpfs
/// (mounting needs privileges CI may not have); here the OS's own sharing violation stands for a holder.
/// </summary>
public sealed class DataDirectoryLockTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_directory_locked_by_another_open_is_reported_as_held_not_as_unwritable()
    {
        using var first = DataDirectoryLock.Acquire(_dir.Path, "serve", "http://127.0.0.1:5080", TimeProvider.System);

        var held = Assert.Throws<DataDirectoryHeldException>(() => DataDirectoryLock.Acquire(_dir.Path, "import", null, TimeProvider.System));

        Assert.Contains("http://127.0.0.1:5080", held.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_os_refusing_the_lock_file_is_told_apart_from_a_holder_and_its_message_names_the_directory_and_the_reason()
    {
        // The IOException .NET throws when the OS lock is taken (EWOULDBLOCK), from a real second open.
        var path = Path.Combine(_dir.Path, "insights.lock");
        using var holder = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        var sharing = Assert.ThrowsAny<IOException>(() => new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None).Dispose());
        // What .NET throws for open(2) failing with EROFS / ENOSPC / EACCES (the errno as HResult, strerror and the path).
        var readOnly = new IOException($"Read-only file system : '{path}'", 30);
        var full = new IOException($"No space left on device : '{path}'", 28);
        var denied = new UnauthorizedAccessException($"Access to the path '{path}' is denied.", new IOException("Permission denied", 13));

        Assert.False(DataDirectoryLock.RefusedByFileSystem(sharing));
        Assert.True(DataDirectoryLock.RefusedByFileSystem(readOnly));
        Assert.True(DataDirectoryLock.RefusedByFileSystem(full));
        Assert.True(DataDirectoryLock.RefusedByFileSystem(denied));
        var message = DataDirectoryUnwritableException.For(_dir.Path, readOnly).Message;
        Assert.StartsWith($"The data directory {_dir.Path} cannot be written (Read-only file system);", message, StringComparison.Ordinal);
        Assert.DoesNotContain("held", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_data_directory_that_cannot_be_made_is_reported_as_unwritable_naming_it_not_as_held()
    {
        // A file where the directory should be: the same refusal a read-only or full file system gives a new directory.
        var inTheWay = Path.Combine(_dir.Path, "data");
        File.WriteAllText(inTheWay, "not a directory");

        var refused = Assert.Throws<DataDirectoryUnwritableException>(() => DataDirectoryLock.Acquire(inTheWay, "import", null, TimeProvider.System));

        Assert.StartsWith($"The data directory {inTheWay} cannot be written (", refused.Message, StringComparison.Ordinal);
    }
}
