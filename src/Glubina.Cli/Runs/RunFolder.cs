using System.Text.Json;
using System.Text.Json.Nodes;
using Glubina.Training;

namespace Glubina.Cli.Runs;

/// <summary>The folder a training run writes: config.json, metrics.jsonl, history.csv, model.safetensors and the
/// report (report.html with its PNG plots).</summary>
internal sealed class RunFolder
{
    public const string ModelFileName = "model.safetensors";

    private RunFolder(string path) => Path = path;

    public string Path { get; }

    public string ConfigFile => System.IO.Path.Combine(Path, "config.json");

    public string MetricsFile => System.IO.Path.Combine(Path, "metrics.jsonl");

    public string HistoryFile => System.IO.Path.Combine(Path, "history.csv");

    public string ModelFile => System.IO.Path.Combine(Path, ModelFileName);

    /// <summary>The ONNX export of the model (written by quickstart).</summary>
    public string OnnxFile => System.IO.Path.Combine(Path, "model.onnx");

    /// <summary>Creates the folder (and its parents) and checks that files can be written there.</summary>
    public static RunFolder Create(string path)
    {
        string full = System.IO.Path.GetFullPath(path);
        EnsureWritable(full, "output folder");
        return new RunFolder(full);
    }

    /// <summary>Creates <paramref name="folder"/> if needed and writes and deletes a probe file, so an unwritable
    /// folder is reported before any work is done.</summary>
    public static void EnsureWritable(string folder, string what)
    {
        try
        {
            if (File.Exists(folder))
                throw new CliException($"{what} '{folder}' is a file; expected a folder (or a path that does not exist yet).");
            Directory.CreateDirectory(folder);
            string probe = System.IO.Path.Combine(folder, $".glubina-write-test-{Environment.ProcessId}-{Guid.NewGuid():N}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new CliException($"cannot write to the {what} '{folder}': {e.Message} Choose another folder with --out, or fix its permissions.", e);
        }
    }

    public void WriteConfig(JsonObject config) =>
        File.WriteAllText(ConfigFile, config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");

    public void WriteHistory(History history) => File.WriteAllText(HistoryFile, history.ToCsv());

    /// <summary>A callback that appends one JSON line per epoch to metrics.jsonl (started empty).</summary>
    public Callback MetricsLogger() => new JsonLinesLogger(MetricsFile);

    private sealed class JsonLinesLogger(string path) : Callback
    {
        public override void OnTrainBegin(TrainingContext context) => File.WriteAllText(path, "");

        public override void OnEpochEnd(TrainingContext context, int epoch, IReadOnlyDictionary<string, double> logs)
        {
            var line = new JsonObject { ["epoch"] = epoch + 1 };
            foreach (var (key, value) in logs)
                line[key] = double.IsFinite(value) ? value : null;
            File.AppendAllText(path, line.ToJsonString() + "\n");
        }
    }
}
