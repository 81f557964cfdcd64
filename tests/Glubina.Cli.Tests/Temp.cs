namespace Glubina.Cli.Tests;

/// <summary>Fresh temporary folders and files for a test run (under the system temp folder).</summary>
internal static class Temp
{
    private static readonly string s_root = Path.Combine(Path.GetTempPath(), "glubina-cli-tests-" + Environment.ProcessId);

    // The test host may be ended without running exit handlers, so each run removes the folders of runs whose
    // process is gone.
    static Temp()
    {
        foreach (string folder in Directory.GetDirectories(Path.GetTempPath(), "glubina-cli-tests-*"))
        {
            if (!int.TryParse(Path.GetFileName(folder)["glubina-cli-tests-".Length..], out int pid) || ProcessProbe.IsRunning(pid))
                continue;
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // another run is removing it, or it is not ours to remove
            }
        }
    }

    public static string Folder(string name)
    {
        string path = Path.Combine(s_root, name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Writes <paramref name="text"/> to a new file named <paramref name="name"/> and returns its path.</summary>
    public static string File(string name, string text)
    {
        string path = Path.Combine(Folder("file"), name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }
}
