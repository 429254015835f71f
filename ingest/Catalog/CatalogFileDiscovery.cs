namespace Platform.Insights.Ingest.Catalog;

/// <summary>
/// Expands the paths given to <c>insights catalog load</c> into catalog file candidates: files as given,
/// directories searched recursively for <c>*.yaml</c> / <c>*.yml</c>.
/// </summary>
internal static class CatalogFileDiscovery
{
    /// <param name="Path">The path as it will be shown to the operator.</param>
    /// <param name="Explicit">Named directly rather than found in a directory: it must be a catalog file.</param>
    public readonly record struct Candidate(string Path, bool Explicit);

    public static IReadOnlyList<Candidate> Find(IEnumerable<string> paths, List<CatalogFileError> errors)
    {
        var found = new List<Candidate>();
        // Full path → index in found, so a file reached twice is read once (and explicit wins).
        var index = new Dictionary<string, int>(StringComparer.Ordinal);

        void Add(string path, bool isExplicit)
        {
            var full = System.IO.Path.GetFullPath(path);
            if (index.TryGetValue(full, out var at))
            {
                if (isExplicit)
                {
                    found[at] = found[at] with { Explicit = true };
                }

                return;
            }

            index[full] = found.Count;
            found.Add(new Candidate(path, isExplicit));
        }

        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                Add(path, isExplicit: true);
            }
            else if (Directory.Exists(path))
            {
                foreach (var file in Walk(path, errors))
                {
                    Add(file, isExplicit: false);
                }
            }
            else
            {
                errors.Add(new CatalogFileError(path, null, "no such file or directory"));
            }
        }

        return found;
    }

    private static IEnumerable<string> Walk(string directory, List<CatalogFileError> errors)
    {
        var pending = new Stack<string>();
        pending.Push(directory);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            string[] files;
            string[] subdirectories;
            try
            {
                // Sorted so load order, and so which file a conflict names first, is reproducible.
                files = Directory.GetFiles(current).Where(IsYaml).Order(StringComparer.Ordinal).ToArray();
                subdirectories = Directory.GetDirectories(current)
                    .Where(d => !IsHiddenOrLink(d))
                    .OrderDescending(StringComparer.Ordinal)
                    .ToArray();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                errors.Add(new CatalogFileError(current, null, $"cannot read directory: {ex.Message}"));
                continue;
            }

            foreach (var file in files)
            {
                yield return file;
            }

            foreach (var sub in subdirectories)
            {
                pending.Push(sub); // pushed in descending order so they pop in ascending order
            }
        }
    }

    private static bool IsYaml(string path) =>
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    // Hidden directories (.git, .terraform…) hold no catalog data; symlinked ones could loop.
    private static bool IsHiddenOrLink(string directory)
    {
        var info = new DirectoryInfo(directory);
        return info.Name.StartsWith('.') || info.LinkTarget is not null;
    }
}
