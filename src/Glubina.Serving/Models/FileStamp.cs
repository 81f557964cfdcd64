namespace Glubina.Serving.Models;

/// <summary>Length and last write time of a model file: a changed stamp means the file was replaced.</summary>
internal readonly record struct FileStamp(long Length, DateTime LastWriteUtc)
{
    public static FileStamp Of(string path)
    {
        var info = new FileInfo(path);
        return new FileStamp(info.Length, info.LastWriteTimeUtc);
    }
}
