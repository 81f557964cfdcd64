namespace Glubina.Tests.Data;

/// <summary>A fresh temporary folder, deleted when disposed.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "glubina-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>The path of a file in the folder, written with the given bytes or text when given.</summary>
    public string File(string name, string? text = null)
    {
        string path = System.IO.Path.Combine(Path, name);
        if (text is not null)
            System.IO.File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on some platforms; the OS cleans temp folders.
        }
    }
}
