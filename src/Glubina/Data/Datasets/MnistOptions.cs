namespace Glubina.Data.Datasets;

/// <summary>Where <see cref="Mnist"/> looks for its files, how it downloads them, and the image layout.</summary>
public sealed class MnistOptions
{
    /// <summary>A folder holding the four files (or a folder holding <c>mnist/</c> with them); searched first.</summary>
    public string? Folder { get; init; }

    /// <summary>Search <c>$GLUBINA_DATA/mnist</c> (default true).</summary>
    public bool UseEnvironment { get; init; } = true;

    /// <summary>The cache folder searched after the others and downloaded into (default <c>~/.cache/glubina/mnist</c>).</summary>
    public string CacheFolder { get; init; } = Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "glubina", "mnist");

    /// <summary>Download missing files into <see cref="CacheFolder"/> (default true).</summary>
    public bool Download { get; init; } = true;

    /// <summary>Base address of the four files: <c>http(s)://…/</c> or a local mirror <c>file:///…/</c>.</summary>
    public Uri DownloadBaseUri { get; init; } = new("https://ossci-datasets.s3.amazonaws.com/mnist/");

    /// <summary>The HTTP handler for downloads (tests pass a fake one); default: a socket handler with a 15 s connect timeout.</summary>
    public HttpMessageHandler? HttpHandler { get; init; }

    /// <summary>Limit for each file's download (default 5 minutes).</summary>
    public TimeSpan DownloadTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Images as [N, 784] instead of [N, 1, 28, 28].</summary>
    public bool Flatten { get; init; }
}
