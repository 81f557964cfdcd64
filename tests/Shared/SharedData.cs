namespace Glubina.Testing;

/// <summary>Linked into every test project (tests/Shared).
/// Finds the shared datasets: the folder named by GLUBINA_DATA, else <c>shared/data</c> found by walking up from
/// the test binary's folder (the repo sits beside <c>shared/</c>). Missing data is an error, never a skip: CI has it.
/// </summary>
internal static class SharedData
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    /// <summary>The shared data folder (holding mnist/, iris/, …).</summary>
    public static string Root => s_root.Value;

    /// <summary>The path of a shared file or folder, which must exist.</summary>
    public static string PathOf(params string[] parts)
    {
        string path = Path.Combine([Root, .. parts]);
        if (!File.Exists(path) && !Directory.Exists(path))
            throw new FileNotFoundException($"Shared data '{Path.Combine(parts)}' is missing: {path} does not exist (data root {Root}).", path);
        return path;
    }

    private static string FindRoot()
    {
        string? env = Environment.GetEnvironmentVariable("GLUBINA_DATA");
        if (!string.IsNullOrEmpty(env))
            return Directory.Exists(env)
                ? Path.GetFullPath(env)
                : throw new DirectoryNotFoundException($"GLUBINA_DATA is set to '{env}', which is not a folder.");
        var looked = new List<string>();
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", "data");
            if (Directory.Exists(candidate))
                return candidate;
            looked.Add(candidate);
        }
        throw new DirectoryNotFoundException(
            "Shared test data not found: GLUBINA_DATA is not set and no shared/data folder exists above the test binaries. Looked at:\n  " +
            string.Join("\n  ", looked));
    }
}
