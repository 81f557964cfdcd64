using Glubina.Data.Preprocessing;
using Glubina.Inference;
using Glubina.Serving.Batching;
using Glubina.Tensors;

namespace Glubina.Serving.Models;

/// <summary>
/// One loaded version of a model: its <see cref="Predictor"/>, what its tensors look like, the table columns its
/// preprocessing takes, and its <see cref="DynamicBatcher"/>. Immutable once loaded; a replaced file gives a new
/// instance, and requests keep the instance they started with.
/// </summary>
internal sealed class ServedModel
{
    /// <summary>Name of the single input tensor in the Open Inference Protocol.</summary>
    public const string InputName = "input";

    public const string LogitsOutput = "logits";
    public const string ProbabilitiesOutput = "probabilities";
    public const string LabelOutput = "label";
    public const string ValuesOutput = "values";

    private ServedModel(string name, string version, string path, FileStamp stamp, Predictor predictor)
    {
        Name = name;
        Version = version;
        Path = path;
        Stamp = stamp;
        Predictor = predictor;
    }

    public string Name { get; }

    public string Version { get; }

    public string Path { get; }

    public FileStamp Stamp { get; }

    public DateTime LoadedUtc { get; } = DateTime.UtcNow;

    public Predictor Predictor { get; }

    public bool IsClassification => Predictor.IsClassification;

    public string Task => IsClassification ? "classification" : "regression";

    /// <summary>Shape of one example without the batch dim; -1 where any size is taken; null when unknown.</summary>
    public int[]? InputShape { get; private init; }

    /// <summary>Shape of one example's raw outputs without the batch dim; null when unknown.</summary>
    public int[]? OutputShape { get; private init; }

    /// <summary>Class labels in output order (classification; empty when unknown or for regression).</summary>
    public IReadOnlyList<string> Labels { get; private init; } = [];

    /// <summary>The raw table columns the preprocessing takes (for <c>/v1/.../predict</c>); null without preprocessing.</summary>
    public IReadOnlyList<ColumnSchema>? Columns { get; private init; }

    public DynamicBatcher Batcher { get; private init; } = null!;

    /// <summary>Output tensor names in the order they are answered.</summary>
    public IReadOnlyList<string> OutputNames => IsClassification ? [LogitsOutput, ProbabilitiesOutput, LabelOutput] : [ValuesOutput];

    /// <summary>Loads a model file and runs one example of zeros through it (which checks the file and finds the
    /// output shape).</summary>
    /// <exception cref="Exception">The file cannot be read or the model cannot run; the message names the file.</exception>
    public static ServedModel Load(string name, string version, string path, ServerOptions options, Action<string, string, int> onBatch)
    {
        var stamp = FileStamp.Of(path);
        var predictor = Predictor.Load(path);
        var prep = predictor.File.Preprocessing;
        int[]? inputShape = predictor.InputShape ?? (prep is { IsFitted: true } ? [prep.FeatureCount] : FirstLinearWidth(predictor));
        int[]? outputShape = null;
        IReadOnlyList<string> labels = predictor.IsClassification ? predictor.File.ClassLabels ?? [] : [];
        if (inputShape is not null && inputShape.All(d => d > 0))
        {
            Predictions probe;
            try
            {
                probe = predictor.Predict(Tensor.Zeros([1, .. inputShape]));
            }
            catch (Exception e)
            {
                throw new InvalidOperationException(
                    $"{path}: the model fails on an input of shape [1, {string.Join(", ", inputShape)}]: {e.Message}", e);
            }
            outputShape = probe.Outputs.Shape[1..].ToArray();
            labels = probe.Labels;
        }
        return new ServedModel(name, version, path, stamp, predictor)
        {
            InputShape = inputShape,
            OutputShape = outputShape,
            Labels = labels,
            Columns = prep is { IsFitted: true } ? RawColumns(prep) : null,
            Batcher = new DynamicBatcher(predictor, options.MaxBatchSize, options.MaxBatchDelay, rows => onBatch(name, version, rows)),
        };
    }

    // Each column any step reads (or passes through), once, in first-use order, with the kind seen in fitting.
    private static ColumnSchema[] RawColumns(ColumnPipeline prep)
    {
        var seen = new Dictionary<string, ColumnSchema>(StringComparer.Ordinal);
        var order = new List<ColumnSchema>();
        foreach (var step in prep.Steps)
            foreach (var column in step.Transformer.InputColumns)
                if (seen.TryAdd(column.Name, column))
                    order.Add(column);
        foreach (var column in prep.RemainderColumns)
            if (seen.TryAdd(column.Name, column))
                order.Add(column);
        return order.ToArray();
    }

    // For a spec that starts with a Linear layer, its in_features is the width of an example.
    private static int[]? FirstLinearWidth(Predictor predictor)
    {
        var first = predictor.File.Spec?.Layers.FirstOrDefault();
        if (first is null || first["type"]?.GetValue<string>() != "Linear")
            return null;
        return first["in_features"] is { } width ? [width.GetValue<int>()] : null;
    }
}
