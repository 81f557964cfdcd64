using System.Security.Cryptography;
using System.Text;
using Glubina.Tensors;

namespace Glubina.Data.Datasets;

/// <summary>
/// The MNIST handwritten digits: 60,000 training and 10,000 test images of 28×28 pixels with labels 0–9.
/// The four IDX files (gzipped or not) are looked for in <see cref="MnistOptions.Folder"/>, then
/// <c>$GLUBINA_DATA/mnist</c>, then the cache folder (<c>~/.cache/glubina/mnist</c>); if none has all four, they are
/// downloaded into the cache folder and checked against their SHA-256 checksums.
/// </summary>
public static class Mnist
{
    /// <summary>The environment variable naming the folder that holds <c>mnist/</c> and the other datasets.</summary>
    public const string DataEnvironmentVariable = "GLUBINA_DATA";

    /// <summary>The four files with the SHA-256 of each (the originals, byte for byte).</summary>
    public static IReadOnlyDictionary<string, string> Files { get; } = new Dictionary<string, string>
    {
        ["train-images-idx3-ubyte.gz"] = "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
        ["train-labels-idx1-ubyte.gz"] = "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
        ["t10k-images-idx3-ubyte.gz"] = "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
        ["t10k-labels-idx1-ubyte.gz"] = "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
    };

    /// <summary>
    /// Loads the training and test sets: images float32 in [0, 1] as [N, 1, 28, 28] (or [N, 784] with
    /// <see cref="MnistOptions.Flatten"/>), labels int64 [N].
    /// </summary>
    public static (TensorDataset Train, TensorDataset Test) Load(MnistOptions? options = null)
    {
        options ??= new MnistOptions();
        string folder = Locate(options);
        return (Read(folder, "train", options.Flatten), Read(folder, "t10k", options.Flatten));
    }

    /// <summary>The folder that holds all four files, downloading them if no searched folder has them.</summary>
    public static string Locate(MnistOptions? options = null)
    {
        options ??= new MnistOptions();
        var looked = new StringBuilder();
        foreach ((string where, string? folder) in Candidates(options))
        {
            if (folder is null)
            {
                looked.AppendLine($"  - {where}");
                continue;
            }
            string[] missing = [.. Files.Keys.Where(f => FindFile(folder, f) is null)];
            if (missing.Length == 0)
                return folder;
            looked.AppendLine($"  - {where}: {folder} (missing {string.Join(", ", missing)})");
        }
        if (!options.Download)
            throw new FileNotFoundException($"MNIST files not found (downloading is off). Looked in:\n{looked}");
        try
        {
            DownloadAll(options);
            return options.CacheFolder;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException or UnauthorizedAccessException
                                      or InvalidDataException or NotSupportedException)
        {
            throw new FileNotFoundException(
                $"MNIST files not found and the download failed.\nLooked in:\n{looked}" +
                $"Download from {options.DownloadBaseUri} into {options.CacheFolder} failed: {e.GetType().Name}: {e.Message}\n" +
                $"Put the four files ({string.Join(", ", Files.Keys)}) in one of these folders, or set {DataEnvironmentVariable} " +
                "to a folder that holds mnist/.", e);
        }
    }

    private static IEnumerable<(string Where, string? Folder)> Candidates(MnistOptions options)
    {
        if (options.Folder is not null)
        {
            yield return ("explicit folder", options.Folder);
            yield return ("explicit folder/mnist", Path.Combine(options.Folder, "mnist"));
        }
        string? env = options.UseEnvironment ? Environment.GetEnvironmentVariable(DataEnvironmentVariable) : null;
        if (!options.UseEnvironment)
            yield return ($"{DataEnvironmentVariable}: not searched (MnistOptions.UseEnvironment is off)", null);
        else if (string.IsNullOrEmpty(env))
            yield return ($"{DataEnvironmentVariable}: not set", null);
        else
            yield return ($"{DataEnvironmentVariable}/mnist", Path.Combine(env, "mnist"));
        yield return ("cache folder", options.CacheFolder);
    }

    // The file, gzipped (name.gz) or not (name without .gz), or null.
    private static string? FindFile(string folder, string gzName)
    {
        string gz = Path.Combine(folder, gzName);
        if (File.Exists(gz))
            return gz;
        string plain = Path.Combine(folder, Path.GetFileNameWithoutExtension(gzName));
        return File.Exists(plain) ? plain : null;
    }

    private static TensorDataset Read(string folder, string prefix, bool flatten)
    {
        string imagesPath = FindFile(folder, $"{prefix}-images-idx3-ubyte.gz")
            ?? throw new FileNotFoundException($"MNIST: {prefix}-images-idx3-ubyte(.gz) disappeared from {folder}.");
        string labelsPath = FindFile(folder, $"{prefix}-labels-idx1-ubyte.gz")
            ?? throw new FileNotFoundException($"MNIST: {prefix}-labels-idx1-ubyte(.gz) disappeared from {folder}.");
        Tensor images = Idx.ReadImages(imagesPath);
        Tensor labels = Idx.ReadLabels(labelsPath);
        if (images.Rank != 3 || images.Size(1) != 28 || images.Size(2) != 28)
            throw new InvalidDataException($"{imagesPath}: expected MNIST images [N, 28, 28], got {ShapeMath.Format(images.Shape)}.");
        if (labels.Rank != 1 || labels.Size(0) != images.Size(0))
            throw new InvalidDataException(
                $"{labelsPath}: expected {images.Size(0)} labels (one per image of {imagesPath}), got shape {ShapeMath.Format(labels.Shape)}.");
        int n = images.Size(0);
        return new TensorDataset(flatten ? images.Reshape(n, 784) : images.Reshape(n, 1, 28, 28), labels);
    }

    private static void DownloadAll(MnistOptions options)
    {
        Directory.CreateDirectory(options.CacheFolder);
        using var client = new HttpClient(options.HttpHandler ?? new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(15) },
            disposeHandler: options.HttpHandler is null) { Timeout = options.DownloadTimeout };
        foreach ((string name, string sha256) in Files)
        {
            string target = Path.Combine(options.CacheFolder, name);
            if (FindFile(options.CacheFolder, name) is not null)
                continue;
            var uri = new Uri(options.DownloadBaseUri, name);
            string part = target + ".part";
            try
            {
                using (var output = File.Create(part))
                using (Stream input = OpenSource(client, uri))
                    input.CopyTo(output);
                string actual = Sha256Of(part);
                if (actual != sha256)
                    throw new InvalidDataException(
                        $"{uri}: SHA-256 checksum mismatch: expected {sha256}, got {actual} ({new FileInfo(part).Length} bytes); the file was discarded.");
                File.Move(part, target, overwrite: true);
            }
            finally
            {
                if (File.Exists(part))
                    File.Delete(part);
            }
        }
    }

    private static Stream OpenSource(HttpClient client, Uri uri)
    {
        if (uri.IsFile)
            return File.OpenRead(uri.LocalPath);
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            throw new NotSupportedException($"MNIST download: unsupported address scheme '{uri.Scheme}' in {uri}; use http, https or file.");
        // Synchronous API over HttpClient's async one (HttpClient never captures a synchronization context).
        HttpResponseMessage response = client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead).GetAwaiter().GetResult();
        if (!response.IsSuccessStatusCode)
        {
            response.Dispose();
            throw new HttpRequestException($"GET {uri} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
        }
        return response.Content.ReadAsStream();
    }

    private static string Sha256Of(string path)
    {
        using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(file));
    }
}
