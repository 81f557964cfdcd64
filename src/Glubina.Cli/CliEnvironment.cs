namespace Glubina.Cli;

/// <summary>What a run of the command line sees of its surroundings; defaults are the real console and environment.
/// Tests replace the writers, the data folder variable and the cache folder.</summary>
public sealed class CliEnvironment
{
    /// <summary>Standard output, or null for the console (then a terminal gets a live display).</summary>
    public TextWriter? Output { get; init; }

    /// <summary>Standard error, or null for the console.</summary>
    public TextWriter? Error { get; init; }

    /// <summary>Stops training after the current batch when cancelled (Ctrl+C does the same on a console).</summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>The shared data folder (holding mnist/ and the others): default <c>$GLUBINA_DATA</c>.</summary>
    public string? DataFolder { get; init; } = Environment.GetEnvironmentVariable("GLUBINA_DATA") is { Length: > 0 } d ? d : null;

    /// <summary>The download cache (default <c>~/.cache/glubina</c>).</summary>
    public string CacheFolder { get; init; } = DefaultCacheFolder();

    /// <summary>Allow downloads (tests turn them off).</summary>
    public bool AllowDownload { get; init; } = true;

    private static string DefaultCacheFolder()
    {
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return string.IsNullOrEmpty(home)
            ? Path.Combine(Path.GetTempPath(), "glubina-cache")
            : Path.Combine(home, ".cache", "glubina");
    }
}
