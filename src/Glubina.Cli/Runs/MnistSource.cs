using Glubina.Data.Datasets;

namespace Glubina.Cli.Runs;

/// <summary>Finds MNIST the way the CLI promises: an explicit folder, then <c>$GLUBINA_DATA</c>, then the cache folder,
/// then a download into the cache checked against SHA-256.</summary>
internal static class MnistSource
{
    /// <summary>The folder holding the four files, or null with <paramref name="why"/> listing what was tried.</summary>
    public static string? Locate(string? explicitFolder, CliEnvironment environment, bool download, out string why)
    {
        string cache = Path.Combine(environment.CacheFolder, "mnist");
        var notes = new List<string>();
        var candidates = new List<(string Where, string? Folder)>
        {
            ("--data-dir", explicitFolder),
            ("GLUBINA_DATA", environment.DataFolder),
            ("cache", cache),
        };
        foreach (var (where, folder) in candidates)
        {
            if (folder is null)
            {
                notes.Add($"  - {where}: not set");
                continue;
            }
            foreach (string candidate in new[] { folder, Path.Combine(folder, "mnist") })
            {
                if (Mnist.Files.Keys.All(f => File.Exists(Path.Combine(candidate, f)) ||
                                              File.Exists(Path.Combine(candidate, Path.GetFileNameWithoutExtension(f)))))
                {
                    why = "";
                    return Path.GetFullPath(candidate);
                }
            }
            notes.Add($"  - {where}: {folder}: " + (Directory.Exists(folder)
                ? "the four MNIST files are neither there nor in mnist/ inside it"
                : "no such folder"));
        }
        if (!download || !environment.AllowDownload)
        {
            notes.Add("  - download: not attempted (--offline)");
            why = "Looked in:" + Environment.NewLine + string.Join(Environment.NewLine, notes);
            return null;
        }
        try
        {
            why = "";
            return Mnist.Locate(new MnistOptions { UseEnvironment = false, Download = true, CacheFolder = cache });
        }
        catch (FileNotFoundException e)
        {
            Exception cause = e.InnerException ?? e;
            notes.Add($"  - download into {cache}: failed ({cause.GetType().Name}: {cause.Message}); no network?");
            why = "Looked in:" + Environment.NewLine + string.Join(Environment.NewLine, notes);
            return null;
        }
    }
}
