using System.Text.Json.Nodes;

namespace Glubina.Cli.Tests;

/// <summary>One iris model trained once and shared by the tests that read a model (evaluate, predict, summary, profile).</summary>
public sealed class TrainedIris
{
    public TrainedIris()
    {
        Folder = Temp.Folder("iris-run");
        Result = Cli.Json("train", "--data", Data, "--target", "target", "--epochs", "60", "--lr", "0.01", "--stratify",
            "--seed", "1", "--out", Folder);
    }

    public static string Data => SharedData.PathOf("iris", "iris.plain.csv");

    public string Folder { get; }

    public string Model => Path.Combine(Folder, "model.safetensors");

    public JsonObject Result { get; }
}
