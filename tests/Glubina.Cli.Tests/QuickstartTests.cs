namespace Glubina.Cli.Tests;

/// <summary>The README's first command, in its shortened CI mode.</summary>
public sealed class QuickstartTests
{
    [Fact]
    public void Without_mnist_and_network_it_falls_back_to_the_bundled_digits_and_completes()
    {
        string folder = Temp.Folder("qs-digits");
        var result = Cli.Run("quickstart", "--epochs", "4", "--lr", "0.003", "--out", folder);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("MNIST is not available here", result.Error, StringComparison.Ordinal);
        Assert.Contains("Falling back to the bundled 8×8 digits", result.Error, StringComparison.Ordinal);
        Assert.Contains("report:", result.Output, StringComparison.Ordinal);
        // Without --epochs the digits get 30 epochs (3, MNIST's default, left the CNN near 0.7): about 0.96 measured.
        var json = Cli.Json("quickstart", "--out", folder);
        Assert.True(json["fell_back"]!.GetValue<bool>());
        Assert.Equal("digits", json["dataset"]!.GetValue<string>());
        Assert.True(json["evaluation"]!["metrics"]!["accuracy"]!.GetValue<double>() >= 0.9, json.ToJsonString());
        Assert.True(File.Exists(Path.Combine(folder, "model.safetensors")));
        Assert.True(File.Exists(Path.Combine(folder, "report.html")));
        // The exported model loads in ONNX Runtime and takes [N, 1, 8, 8] images.
        Assert.Equal(Path.Combine(folder, "model.onnx"), json["onnx"]!.GetValue<string>());
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(Path.Combine(folder, "model.onnx"));
        Assert.Equal([-1, 1, 8, 8], session.InputMetadata.Values.Single().Dimensions);
    }

    [Fact]
    public void Shortened_mode_on_a_slice_of_mnist_completes_and_learns()
    {
        string folder = Temp.Folder("qs-mnist");
        var options = new Cli.Options { DataFolder = SharedData.Root };
        var result = Cli.Run(options, "quickstart", "--epochs", "1", "--max-train-samples", "1500", "--out", folder, "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        var json = result.Json;
        Assert.Equal("mnist", json["dataset"]!.GetValue<string>());
        Assert.Equal(2000, json["evaluation"]!["rows"]!.GetValue<int>());
        // Chance is 0.1; one epoch on 1,500 images reaches about 0.6.
        Assert.True(json["evaluation"]!["metrics"]!["accuracy"]!.GetValue<double>() >= 0.4, json.ToJsonString());

        // The saved model predicts on IDX images through the same scaling.
        string images = SharedData.PathOf("mnist", "t10k-images-idx3-ubyte.gz");
        string labels = SharedData.PathOf("mnist", "t10k-labels-idx1-ubyte.gz");
        var evaluation = Cli.Json("evaluate", "--model", Path.Combine(folder, "model.safetensors"), "--data", images, "--labels", labels);
        Assert.Equal(10000, evaluation["rows"]!.GetValue<int>());
        Assert.True(evaluation["metrics"]!["accuracy"]!.GetValue<double>() >= 0.4, evaluation.ToJsonString());
    }
}
