namespace Glubina.Onnx.Tests;

/// <summary>
/// Finds the shared datasets: the folder named by GLUBINA_DATA, else <c>shared/data</c> found by walking up from
/// the test binary's folder. Missing data is an error, never a skip.
/// </summary>
internal static class SharedData
{
    public static string PathOf(params string[] parts)
    {
        string? env = Environment.GetEnvironmentVariable("GLUBINA_DATA");
        string? root = !string.IsNullOrEmpty(env) ? env : null;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); root is null && dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "shared", "data")))
                root = Path.Combine(dir.FullName, "shared", "data");
        string path = Path.Combine([root ?? throw new DirectoryNotFoundException("shared/data not found above the test binaries and GLUBINA_DATA is not set."), .. parts]);
        return File.Exists(path) ? path : throw new FileNotFoundException($"Shared data file {path} is missing.", path);
    }
}
