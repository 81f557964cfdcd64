namespace Glubina.Cli.Tests;

/// <summary><c>datasets list|verify|download</c> against the shared data and a local mirror.</summary>
public sealed class DatasetsTests
{
    [Fact]
    public void List_shows_mnist_the_bundled_digits_and_the_data_folders()
    {
        var json = Cli.Json("datasets", "list", "--data-dir", SharedData.Root);
        var names = json["datasets"]!.AsArray().Select(d => d!["name"]!.GetValue<string>()).ToList();
        Assert.Contains("mnist", names);
        Assert.Contains("digits", names);
        Assert.Contains("iris", names);
        Assert.EndsWith("mnist", json["datasets"]![0]!["location"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_checks_mnist_and_the_bundled_digits_against_their_sha256()
    {
        var json = Cli.Json("datasets", "verify", "mnist", "--data-dir", SharedData.Root);
        Assert.Equal(4, json["files"]!.AsArray().Count);
        Assert.All(json["files"]!.AsArray(), f => Assert.True(f!["ok"]!.GetValue<bool>()));
        Assert.True(Cli.Json("datasets", "verify", "digits")["files"]![0]!["ok"]!.GetValue<bool>());
        Assert.Equal(3, Cli.Json("datasets", "verify", "iris", "--data-dir", SharedData.Root)["files"]!.AsArray().Count);
    }

    [Fact]
    public void Verify_fails_on_a_changed_file()
    {
        string copy = Temp.Folder("mnist-copy");
        foreach (string file in Directory.GetFiles(SharedData.PathOf("mnist"), "*.gz"))
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        File.WriteAllText(Path.Combine(copy, "t10k-labels-idx1-ubyte.gz"), "tampered");
        var result = Cli.Run("datasets", "verify", "mnist", "--data-dir", copy);
        Assert.Equal(ExitCodes.UserError, result.ExitCode);
        Assert.Contains("MISMATCH", result.Output, StringComparison.Ordinal);
        Assert.Contains("do not match their SHA-256", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Download_from_a_mirror_checks_every_file_and_refuses_a_bad_one()
    {
        string cache = Temp.Folder("cache");
        var options = new Cli.Options { CacheFolder = cache };
        var good = Cli.Run(options, "datasets", "download", "mnist", "--from", SharedData.PathOf("mnist"));
        Assert.True(good.ExitCode == 0, good.ToString());
        Assert.Equal(4, Directory.GetFiles(Path.Combine(cache, "mnist"), "*.gz").Length);

        string badMirror = Temp.Folder("bad-mirror");
        foreach (string file in Directory.GetFiles(SharedData.PathOf("mnist"), "*.gz"))
            File.WriteAllText(Path.Combine(badMirror, Path.GetFileName(file)), "not mnist");
        var bad = Cli.Run(new Cli.Options { CacheFolder = Temp.Folder("cache2") }, "datasets", "download", "mnist", "--from", badMirror);
        Assert.Equal(ExitCodes.UserError, bad.ExitCode);
        Assert.Contains("SHA-256 checksum mismatch", bad.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Download_without_a_network_says_so()
    {
        var result = Cli.Run(new Cli.Options { CacheFolder = Temp.Folder("cache") }, "datasets", "download", "mnist", "--from", "http://127.0.0.1:9/mnist/");
        Assert.Equal(ExitCodes.UserError, result.ExitCode);
        Assert.Contains("cannot download MNIST: no network connection", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_reports_columns_class_balance_and_a_leaking_column()
    {
        var lines = File.ReadAllLines(SharedData.PathOf("iris", "iris.plain.csv"));
        string data = Temp.File("leaky.csv", string.Join('\n', lines.Select((l, i) => l + "," + (i == 0 ? "label_copy" : l.Split(',')[^1]))) + "\n");
        var json = Cli.Json("inspect", "--data", data, "--target", "target");
        Assert.Equal(150, json["rows"]!.GetValue<int>());
        string text = json.ToJsonString();
        Assert.Contains("label_copy", text, StringComparison.Ordinal);
        Assert.Contains("leak", text, StringComparison.OrdinalIgnoreCase);
    }
}
