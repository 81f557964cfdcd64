using System.Globalization;
using System.Text.Json.Nodes;
using Glubina.Autograd;
using Glubina.Inference;
using Glubina.Nn;
using Glubina.Serialization;
using Glubina.Tensors;

namespace Glubina.Cli.Runs;

/// <summary>One training run from prepared data to a run folder, shared by <c>train</c> and <c>quickstart</c>: checks
/// the spec against the data, trains with early stopping, saves the model file (weights, architecture,
/// preprocessing, task, labels, input shape, test metrics), evaluates the test split through
/// <see cref="Predictor"/>, and writes config.json, metrics.jsonl, history.csv and the report.</summary>
internal static class TrainRun
{
    /// <summary>The extra-manifest key of the pixel scale applied before image models (predict applies it too).</summary>
    public const string InputScaleKey = "input_scale";

    public static JsonObject Execute(PreparedData data, ModelSpec spec, string specSource, TrainSettings settings, RunFolder folder,
        CliConsole console, string title, JsonObject command)
    {
        Generator.Default.ManualSeed(settings.Seed); // one seed: initialisation, dropout and (through Fit's seed) shuffling
        Sequential model = SpecCheck.Build(spec, specSource, data.InputShape, data.Outputs, data.Tokens);
        if (Tasks.IsRegression(data.Task))
            StartAtTargetScale(model, data.Train.Targets);
        string architecture = ModelSummary.Create(model, data.InputShape, data.Tokens ? DType.Int64 : DType.Float32).ToString();
        console.Line($"{title}");
        foreach (var (key, value) in data.Summary)
            console.Line($"  {key}: {value}");
        console.Line($"  splits: {data.Train.Count} train / {data.Validation.Count} validation / {data.Test.Count} test");
        console.Line(architecture);

        var config = new JsonObject
        {
            ["command"] = command,
            ["data"] = new JsonObject(data.Summary.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
            ["splits"] = new JsonObject { ["train"] = data.Train.Count, ["validation"] = data.Validation.Count, ["test"] = data.Test.Count },
            ["training"] = settings.ToJson(),
            ["preprocessing"] = data.Preprocessing?.ToJson(),
            ["input_scale"] = data.InputScale,
            ["input_shape"] = new JsonArray([.. data.InputShape.Select(d => (JsonNode?)d)]),
            ["input"] = data.Manifest.DeepClone(),
            ["model"] = spec.ToJson(),
        };
        folder.WriteConfig(config);

        TrainingOutcome outcome = TrainingSession.Run(model, data, settings, folder, console);
        folder.WriteHistory(outcome.History);

        var evaluated = data.Test.Count > 0 ? data.Test : data.Validation;
        string evaluatedName = data.Test.Count > 0 ? "test" : "validation";
        var extra = new JsonObject
        {
            ["training"] = settings.ToJson(),
            ["source"] = Path.GetFileName(data.Source),
            ["best_epoch"] = outcome.BestEpoch + 1,
            ["epochs_run"] = outcome.History.Count,
        };
        if (data.InputScale is double scale)
            extra[InputScaleKey] = scale;
        foreach (var (key, value) in data.Manifest)
            extra[key] = value?.DeepClone();
        ModelFile Describe(IReadOnlyDictionary<string, double> metrics) => new(model, spec)
        {
            Preprocessing = data.Preprocessing,
            Task = data.Task,
            Target = data.Target,
            ClassLabels = data.ClassLabels,
            InputShape = data.InputShape,
            Metrics = metrics,
            Extra = extra,
        };
        Evaluation evaluation = Evaluation.Of(new Predictor(Describe(new Dictionary<string, double>())).Predict(evaluated.Inputs),
            evaluated.Targets, data.Task);
        Describe(evaluation.Metrics.ToDictionary(kv => evaluatedName + "_" + kv.Key, kv => kv.Value)).Save(folder.ModelFile);

        var report = ReportFiles.Create(title, evaluation, data, architecture, outcome.History, folder.ModelFile);
        report.Profile = ReportFiles.QuickProfile(model, data.InputShape, data.Tokens ? data.Vocabulary : null);
        string? html = ReportFiles.Write(report, folder.Path, console);

        console.Line();
        console.Line($"Evaluation on the {evaluatedName} split ({evaluated.Count} rows):");
        console.Line(evaluation.ToText());
        console.Line();
        console.Line($"Trained {outcome.History.Count} epoch(s) in {outcome.Seconds.ToString("F1", CultureInfo.InvariantCulture)} s; best epoch {outcome.BestEpoch + 1}.");
        console.Line($"Run folder:  {folder.Path}");
        console.Line($"  model:     {folder.ModelFile}");
        console.Line($"  config:    {folder.ConfigFile}");
        console.Line($"  metrics:   {folder.MetricsFile}");
        console.Line($"  history:   {folder.HistoryFile}");
        console.Line(html is null ? "  report:    (not written; see the warning above)" : $"  report:    {html}");

        return new JsonObject
        {
            ["run_folder"] = folder.Path,
            ["model"] = folder.ModelFile,
            ["config"] = folder.ConfigFile,
            ["metrics_file"] = folder.MetricsFile,
            ["history"] = folder.HistoryFile,
            ["report"] = html,
            ["epochs_run"] = outcome.History.Count,
            ["best_epoch"] = outcome.BestEpoch + 1,
            ["stopped_early"] = outcome.StoppedEarly,
            ["cancelled"] = outcome.Cancelled,
            ["train_seconds"] = outcome.Seconds,
            ["evaluated_split"] = evaluatedName,
            ["evaluation"] = evaluation.ToJson(),
        };
    }

    // Regression targets keep their units (so Predictor's outputs are in them); the output layer starts at the
    // training targets' mean and scale, so training does not spend its first epochs just reaching them.
    private static void StartAtTargetScale(Sequential model, Tensor targets)
    {
        if (model.OfType<Module>().LastOrDefault() is not Linear last || last.Bias is null)
            return;
        double[] y = targets.To(DType.Float64).Contiguous().ToArray<double>();
        double mean = y.Average();
        double std = Math.Sqrt(y.Sum(v => (v - mean) * (v - mean)) / Math.Max(y.Length - 1, 1));
        using (GradMode.NoGrad())
        {
            last.Weight.MulInPlace(std > 0 ? std : 1);
            last.Bias.FillInPlace(mean);
        }
    }
}
