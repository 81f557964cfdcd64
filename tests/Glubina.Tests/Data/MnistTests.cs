using System.Net;
using Glubina.Data;
using Glubina.Data.Datasets;
using Glubina.Tensors;

namespace Glubina.Tests.Data;

public sealed class MnistTests
{
    private static string MnistFolder => SharedData.PathOf("mnist");

    [Fact]
    public void Load_reads_the_four_files_as_image_and_label_datasets()
    {
        (TensorDataset train, TensorDataset test) = Mnist.Load(new MnistOptions { Folder = MnistFolder, UseEnvironment = false, Download = false });
        Assert.Equal([60000, 1, 28, 28], train.Inputs.ShapeArray());
        Assert.Equal([10000, 1, 28, 28], test.Inputs.ShapeArray());
        Assert.Equal(DType.Float32, train.Inputs.DType);
        Assert.Equal(DType.Int64, train.Targets.DType);
        float[] pixels = test.Inputs.ToArray<float>();
        Assert.Equal(0f, pixels.Min());
        Assert.Equal(1f, pixels.Max());
        Assert.Equal(33.791 / 255, pixels.Average(p => (double)p), 5);
        long[] counts = new long[10];
        foreach (long l in train.Targets.ToArray<long>())
            counts[l]++;
        Assert.Equal([5923L, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949], counts);
    }

    [Fact]
    public void Load_finds_the_files_under_a_parent_folder_and_flattens_on_request()
    {
        (_, TensorDataset test) = Mnist.Load(new MnistOptions { Folder = SharedData.Root, UseEnvironment = false, Download = false, Flatten = true });
        Assert.Equal([10000, 784], test.Inputs.ShapeArray());
    }

    [Fact]
    public void Locate_searches_GLUBINA_DATA_when_the_explicit_folder_lacks_the_files()
    {
        // Setting it to the folder SharedData uses already cannot disturb the other tests.
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Mnist.DataEnvironmentVariable)))
            Environment.SetEnvironmentVariable(Mnist.DataEnvironmentVariable, SharedData.Root);
        using var dir = new TempFolder();
        string found = Mnist.Locate(new MnistOptions { Folder = dir.Path, CacheFolder = Path.Combine(dir.Path, "cache"), Download = false });
        Assert.Equal(Path.Combine(Environment.GetEnvironmentVariable(Mnist.DataEnvironmentVariable)!, "mnist"), found);
    }

    [Fact]
    public void Missing_files_without_download_list_every_place_looked()
    {
        using var dir = new TempFolder();
        var e = Assert.Throws<FileNotFoundException>(() => Mnist.Locate(new MnistOptions
        {
            Folder = Path.Combine(dir.Path, "explicit"), UseEnvironment = false, CacheFolder = Path.Combine(dir.Path, "cache"), Download = false,
        }));
        Assert.Contains(Path.Combine(dir.Path, "explicit"), e.Message);
        Assert.Contains(Path.Combine(dir.Path, "cache"), e.Message);
        Assert.Contains("train-images-idx3-ubyte.gz", e.Message);
    }

    [Fact]
    public void Download_verifies_the_checksums_and_fills_the_cache_once()
    {
        using var dir = new TempFolder();
        var handler = new FakeHandler(name => File.ReadAllBytes(Path.Combine(MnistFolder, name)));
        var options = new MnistOptions
        {
            UseEnvironment = false, CacheFolder = dir.Path, HttpHandler = handler, DownloadBaseUri = new Uri("https://mirror.example/mnist/"),
        };
        Assert.Equal(dir.Path, Mnist.Locate(options));
        Assert.Equal(4, handler.Requests.Count);
        Assert.All(handler.Requests, r => Assert.StartsWith("https://mirror.example/mnist/", r));
        foreach (string name in Mnist.Files.Keys)
            Assert.Equal(File.ReadAllBytes(Path.Combine(MnistFolder, name)), File.ReadAllBytes(Path.Combine(dir.Path, name)));
        Assert.Empty(Directory.GetFiles(dir.Path, "*.part"));

        Mnist.Locate(options);
        Assert.Equal(4, handler.Requests.Count); // found in the cache: no new download
    }

    [Fact]
    public void A_download_with_a_wrong_checksum_is_refused_and_discarded()
    {
        using var dir = new TempFolder();
        var handler = new FakeHandler(name => name.StartsWith("t10k-labels", StringComparison.Ordinal)
            ? [1, 2, 3]
            : File.ReadAllBytes(Path.Combine(MnistFolder, name)));
        var e = Assert.Throws<FileNotFoundException>(() => Mnist.Locate(new MnistOptions
        {
            UseEnvironment = false, CacheFolder = dir.Path, HttpHandler = handler,
        }));
        Assert.Contains("SHA-256", e.Message);
        Assert.Contains(Mnist.Files["t10k-labels-idx1-ubyte.gz"], e.Message);
        Assert.Contains("039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81", e.Message); // sha256 of 01 02 03
        Assert.False(File.Exists(Path.Combine(dir.Path, "t10k-labels-idx1-ubyte.gz")));
        Assert.Empty(Directory.GetFiles(dir.Path, "*.part"));
    }

    [Fact]
    public void Without_network_the_error_lists_every_place_and_the_download_error()
    {
        using var dir = new TempFolder();
        var handler = new FakeHandler(_ => throw new HttpRequestException("Name or service not known (ossci-datasets.s3.amazonaws.com:443)"));
        var e = Assert.Throws<FileNotFoundException>(() => Mnist.Locate(new MnistOptions
        {
            Folder = Path.Combine(dir.Path, "mine"), UseEnvironment = false, CacheFolder = Path.Combine(dir.Path, "cache"), HttpHandler = handler,
        }));
        Assert.Contains("explicit folder", e.Message);
        Assert.Contains(Mnist.DataEnvironmentVariable, e.Message);
        Assert.Contains(Path.Combine(dir.Path, "cache"), e.Message);
        Assert.Contains("Name or service not known", e.Message);
        Assert.IsType<HttpRequestException>(e.InnerException);
    }

    [Fact]
    public void A_file_uri_mirror_downloads_and_a_missing_one_fails_with_its_path()
    {
        using var dir = new TempFolder();
        var mirror = new Uri(MnistFolder.TrimEnd('/') + "/");
        Assert.Equal(Path.Combine(dir.Path, "ok"), Mnist.Locate(new MnistOptions
        {
            UseEnvironment = false, CacheFolder = Path.Combine(dir.Path, "ok"), DownloadBaseUri = mirror,
        }));
        var e = Assert.Throws<FileNotFoundException>(() => Mnist.Locate(new MnistOptions
        {
            UseEnvironment = false, CacheFolder = Path.Combine(dir.Path, "bad"), DownloadBaseUri = new Uri(dir.Path + "/nowhere/"),
        }));
        Assert.Contains("nowhere", e.Message);
    }

    private sealed class FakeHandler(Func<string, byte[]> serve) : HttpMessageHandler
    {
        public List<string> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            string uri = request.RequestUri!.ToString();
            Requests.Add(uri);
            byte[] body = serve(uri[(uri.LastIndexOf('/') + 1)..]);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body) });
        }
    }
}
