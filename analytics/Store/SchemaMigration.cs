namespace Platform.Insights.Analytics.Store;

/// <summary>One numbered schema step (<c>Migrations/NNN_description.sql</c>).</summary>
public sealed record SchemaMigration(int Version, string Description, string Sql)
{
    /// <summary>The migrations shipped with this build, in order.</summary>
    public static IReadOnlyList<SchemaMigration> Embedded { get; } = LoadEmbedded();

    private static SchemaMigration[] LoadEmbedded()
    {
        var assembly = typeof(SchemaMigration).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.Replace('\\', '/').Contains("Store/Migrations/", StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(name =>
            {
                var file = Path.GetFileNameWithoutExtension(name.Replace('\\', '/').Split('/')[^1]);
                var separator = file.IndexOf('_', StringComparison.Ordinal);
                using var stream = assembly.GetManifestResourceStream(name)!;
                using var reader = new StreamReader(stream);
                return new SchemaMigration(int.Parse(file[..separator], System.Globalization.CultureInfo.InvariantCulture),
                    file[(separator + 1)..].Replace('_', ' '), reader.ReadToEnd());
            })
            .OrderBy(m => m.Version)
            .ToArray();
    }
}
